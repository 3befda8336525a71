import { describe, expect, it } from 'vitest'
import { describeDistribution, distributionFileURLs, isModernRelease, offeredLibraries } from '../../../src/packages/distribution.ts'
import { SUPPORTED_LIBRARIES } from '../../../src/packages/libraries.ts'
import { onlineLock } from '../../../src/packages/lock-core.mjs'
import type { Lockfile } from '../../../src/packages/lock-types.ts'
import { pyodideLock, pypiLock, readJson } from './helpers.ts'

const BASE = 'https://app.example/'
const release0277 = readJson<Lockfile>('node_modules/pyodide-0.27.7/pyodide-lock.json')

describe('describeDistribution', () => {
  it('offers every supported library on 314.0.7 with the PyPI extras, and names the core files of the ES-module line', () => {
    const dist = describeDistribution({ version: '314.0.7', indexURL: `${BASE}pyodide/`, lock: onlineLock(pyodideLock, pypiLock), packageBaseURL: `${BASE}packages/` })
    expect(dist.version).toBe('314.0.7')
    expect(dist.libraries.map((l) => l.gemini)).toEqual(SUPPORTED_LIBRARIES.map((l) => l.gemini))
    expect(dist.unavailable.map((l) => l.gemini)).toEqual(['tensorflow'])
    expect(dist.coreURLs).toContain(`${BASE}pyodide/pyodide.asm.mjs`)
  })

  it('offers only what the lock in use can load: Pyodide 0.27.7’s own lock has no PyPI extras', () => {
    const dist = describeDistribution({ indexURL: `${BASE}d/`, lock: release0277, packageBaseURL: `${BASE}d/` })
    expect(dist.pythonVersion).toBe('3.12.7')
    const offered = dist.libraries.map((l) => l.gemini)
    expect(offered).toEqual(expect.arrayContaining(['numpy', 'pandas', 'matplotlib', 'scipy', 'scikit-learn', 'pillow']))
    expect(offered).not.toContain('seaborn')
    const seaborn = dist.unavailable.find((l) => l.gemini === 'seaborn')
    expect(seaborn?.reason).toBe('It is not in the Pyodide 0.27.7 distribution this sandbox uses.')
    expect(dist.coreURLs).toContain(`${BASE}d/pyodide.asm.js`)
    expect(offeredLibraries(dist).find((l) => l.name === 'numpy')).toEqual({ name: 'numpy', version: '2.0.2' })
  })

  it('drops a library whose dependency the lock lacks, rather than offering one that fails at import', () => {
    const { scipy: _dropped, ...packages } = release0277.packages
    const dist = describeDistribution({ indexURL: `${BASE}d/`, lock: { ...release0277, packages }, packageBaseURL: `${BASE}d/` })
    const offered = dist.libraries.map((l) => l.gemini)
    expect(offered).toContain('numpy')
    expect(offered).not.toContain('scipy')
    expect(offered).not.toContain('scikit-learn')
    expect(dist.allowed.importToPackage.has('sklearn')).toBe(false)
  })

  it('lists every file the sandbox may fetch: the core, the lock and the allowed packages, by absolute URL', () => {
    const dist = describeDistribution({ indexURL: `${BASE}d/`, lock: release0277, packageBaseURL: `${BASE}d/` })
    const urls = distributionFileURLs(dist)
    expect(urls).toContain(`${BASE}d/pyodide-lock.json`)
    expect(urls).toContain(`${BASE}d/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl`)
    expect(urls).toContain(`${BASE}d/openblas-0.3.26.zip`)
    expect(urls.some((url) => url.includes('micropip'))).toBe(false)
  })
})

it('isModernRelease tells the ES-module core (0.28 and later) from 0.27', () => {
  expect(isModernRelease('314.0.7')).toBe(true)
  expect(isModernRelease('0.28.0')).toBe(true)
  expect(isModernRelease('0.27.7')).toBe(false)
})
