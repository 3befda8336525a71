import { describe, expect, it } from 'vitest'
import { DEFAULT_CDN_URL, canonicalizeName, dependencyClosure, isAbsoluteFileName, onlineLock, withCompleteDependencies } from '../../../src/packages/lock-core.mjs'
import type { Lockfile, LockfilePackage, PypiExtrasLock } from '../../../src/packages/lock-types.ts'

function entry(name: string, depends: string[] = [], fileName = `${name}-1.0-py3-none-any.whl`): LockfilePackage {
  return { name, version: '1.0', file_name: fileName, install_dir: 'site', sha256: 'a'.repeat(64), package_type: 'package', imports: [name], depends }
}

const lock: Lockfile = {
  info: { arch: 'wasm32', abi_version: '2026_0', platform: 'emscripten_5_0_3', version: '314.0.7', python: '3.14.2' },
  packages: { app: entry('app', ['Lib_One']), 'lib-one': entry('lib_one', ['base']), base: entry('base'), unrelated: entry('unrelated') },
}

describe('canonicalizeName', () => {
  it('lowercases and folds runs of - _ . into one dash, as PEP 503 and Pyodide do', () => {
    expect(canonicalizeName('Jinja2')).toBe('jinja2')
    expect(canonicalizeName('pdfminer.six')).toBe('pdfminer-six')
    expect(canonicalizeName('jsonschema__specifications')).toBe('jsonschema-specifications')
  })
})

describe('dependencyClosure', () => {
  it('returns the roots and their transitive dependencies, sorted', () => {
    expect(dependencyClosure(lock.packages, ['app'])).toEqual(['app', 'base', 'lib-one'])
  })

  it('names the package that needed a dependency the lock lacks', () => {
    const broken = { ...lock.packages, app: entry('app', ['ghost']) }
    expect(() => dependencyClosure(broken, ['app'])).toThrow("No package named 'ghost' in the lock (needed by app)")
  })
})

describe('onlineLock', () => {
  const extras: PypiExtrasLock = {
    comment: '',
    packages: { extra: { name: 'extra', version: '2.0', file_name: 'https://files.pythonhosted.org/packages/x/extra-2.0-py3-none-any.whl', sha256: 'b'.repeat(64), size: 1, depends: ['base'], imports: ['extra'] } },
  }

  it('points Pyodide’s relative file names at the CDN', () => {
    expect(onlineLock(lock, extras).packages.base?.file_name).toBe(`${DEFAULT_CDN_URL}base-1.0-py3-none-any.whl`)
  })

  it('adds the PyPI extras with their pinned URL and sha256', () => {
    const merged = onlineLock(lock, extras, 'https://mirror.example/pyodide')
    expect(merged.packages.extra).toMatchObject({ file_name: extras.packages.extra?.file_name, sha256: 'b'.repeat(64), depends: ['base'], install_dir: 'site' })
    expect(merged.packages.base?.file_name).toBe('https://mirror.example/pyodide/base-1.0-py3-none-any.whl')
  })

  it('refuses an extra that collides with a Pyodide package', () => {
    const clash: PypiExtrasLock = { comment: '', packages: { base: { ...extras.packages.extra!, name: 'base' } } }
    expect(() => onlineLock(lock, clash)).toThrow(/already in Pyodide's lock/)
  })

  it('treats URLs and root-relative paths as absolute, like Pyodide', () => {
    expect(isAbsoluteFileName('https://x/y.whl')).toBe(true)
    expect(isAbsoluteFileName('/packages/y.whl')).toBe(true)
    expect(isAbsoluteFileName('y.whl')).toBe(false)
  })
})

describe('withCompleteDependencies', () => {
  const entry = (...depends: string[]) => ({ depends })

  it('drops an entry whose dependency is missing, and what depends on it, naming the gap', () => {
    const { packages, dropped } = withCompleteDependencies({ jinja2: entry('markupsafe'), altair: entry('jinja2', 'numpy'), numpy: entry(), tabulate: entry() })
    expect(Object.keys(packages).sort()).toEqual(['numpy', 'tabulate'])
    expect(dropped.get('jinja2')).toBe('markupsafe')
    expect(dropped.get('altair')).toBe('jinja2 (markupsafe)')
  })

  it('keeps a complete lock as it is, matching names as the lock does', () => {
    const lock = { 'python-dateutil': entry('Six'), six: entry() }
    expect(withCompleteDependencies(lock)).toEqual({ packages: lock, dropped: new Map() })
  })
})
