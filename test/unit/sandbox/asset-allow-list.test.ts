import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { PYODIDE_CORE_FILES } from '../../../scripts/pyodide-assets.ts'
import { CORE_FILES } from '../../../src/packages/distribution.ts'
import { DEFAULT_CDN_URL } from '../../../src/packages/lock-core.mjs'
import pypiLock from '../../../src/packages/pypi-lock.json' with { type: 'json' }
import { createAssetAllowList, PYODIDE_CORE_FETCHES } from '../../../src/sandbox/frame/asset-allow-list.ts'

const indexURL = 'https://app.example/pyodide/'
const packagesURL = 'https://app.example/packages/'
const coreLockBytes = readFileSync('node_modules/pyodide/pyodide-lock.json')
const coreLock = JSON.parse(coreLockBytes.toString('utf8')) as { packages: Record<string, { file_name: string }> }
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer

const allowed = (list: ReturnType<typeof createAssetAllowList>, url: string) => list.check(url).ok

describe('the files the asset relay serves', () => {
  test('every core file the worker fetches from Pyodide 314 is one the build serves, and both release lines are allowed', () => {
    expect(PYODIDE_CORE_FILES).toEqual(expect.arrayContaining([...CORE_FILES.modern]))
    expect(PYODIDE_CORE_FETCHES).toEqual(expect.arrayContaining([...CORE_FILES.modern, ...CORE_FILES.classic]))
  })

  test('before any lock: the Pyodide core files and the two locks, nothing else', () => {
    const list = createAssetAllowList({ indexURL, packagesURL })
    for (const name of PYODIDE_CORE_FETCHES) expect(allowed(list, indexURL + name)).toBe(true)
    expect(allowed(list, `${packagesURL}pyodide-lock.json`)).toBe(true)
    for (const url of [
      `${indexURL}pyodide.js`,
      `${indexURL}console.html`,
      `${indexURL}package.json`,
      indexURL,
      'https://app.example/secret.txt',
      'https://app.example/api/me.json',
      `${packagesURL}numpy-2.4.6-cp314-cp314-pyodide_2025_0_wasm32.whl`,
      `${DEFAULT_CDN_URL}${coreLock.packages.numpy!.file_name}`,
    ]) {
      expect(allowed(list, url), url).toBe(false)
    }
  })

  test("Pyodide's lock, as served, adds its packages on the CDN and the PyPI extras", () => {
    const list = createAssetAllowList({ indexURL, packagesURL })
    list.learnLock(`${indexURL}pyodide-lock.json`, coreLockBytes.buffer.slice(coreLockBytes.byteOffset, coreLockBytes.byteOffset + coreLockBytes.byteLength) as ArrayBuffer)
    expect(allowed(list, `${DEFAULT_CDN_URL}${coreLock.packages.numpy!.file_name}`)).toBe(true)
    const chess = pypiLock.packages.chess.file_name
    expect(allowed(list, chess)).toBe(true)
    // Not the folders they sit in, nor their neighbours.
    expect(allowed(list, DEFAULT_CDN_URL)).toBe(false)
    expect(allowed(list, `${DEFAULT_CDN_URL}pyodide-lock.json`)).toBe(false)
    expect(allowed(list, 'https://files.pythonhosted.org/packages/00/00/evil-1.0-py3-none-any.whl')).toBe(false)
    expect(allowed(list, `${chess}.metadata`)).toBe(false)
    // An extra PyPI publishes no wheel for is named by its bare file name: it exists only in a mirror.
    const repacked = Object.values(pypiLock.packages as Record<string, { file_name: string }>).find((extra) => !extra.file_name.includes('://'))
    if (repacked) expect(allowed(list, packagesURL + repacked.file_name)).toBe(true)
  })

  test("a mirror's lock adds its files under the mirror, and the absolute ones it keeps", () => {
    const list = createAssetAllowList({ indexURL, packagesURL })
    const mirror = {
      info: { abi_version: '2025_0' },
      packages: {
        six: { file_name: 'six-1.17.0-py2.py3-none-any.whl', bytecode: { file_name: 'six-1.17.0-py2.py3-none-any.whl.pyc-bundle', sha256: '0' } },
        numpy: { file_name: `${DEFAULT_CDN_URL}numpy-2.4.6.whl` },
        evil: { file_name: '../secret.txt', bytecode: { file_name: '../../api/me.json' } },
        far: { file_name: 'far-1.0-py3-none-any.whl', bytecode: { file_name: 'https://observer.invalid/far.pyc-bundle' } },
        elsewhere: { file_name: 'https://observer.invalid/x-1.0-py3-none-any.whl' },
        odd: { file_name: 42 },
      },
    }
    list.learnLock(`${packagesURL}pyodide-lock.json`, bytes(mirror))
    expect(allowed(list, `${packagesURL}six-1.17.0-py2.py3-none-any.whl`)).toBe(true)
    expect(allowed(list, `${DEFAULT_CDN_URL}numpy-2.4.6.whl`)).toBe(true)
    // A package's bytecode bundle (worker/bytecode.ts), by the same rules as its wheel.
    expect(allowed(list, `${packagesURL}six-1.17.0-py2.py3-none-any.whl.pyc-bundle`)).toBe(true)
    expect(allowed(list, 'https://app.example/api/me.json')).toBe(false)
    expect(allowed(list, 'https://observer.invalid/far.pyc-bundle')).toBe(false)
    // Only files where packages come from: the mirror, the CDN, PyPI's file host.
    expect(allowed(list, 'https://app.example/secret.txt')).toBe(false)
    expect(allowed(list, `${packagesURL}../secret.txt`)).toBe(false)
    expect(allowed(list, 'https://observer.invalid/x-1.0-py3-none-any.whl')).toBe(false)
  })

  test('only the two locks teach it files, and only when they are locks', () => {
    const list = createAssetAllowList({ indexURL, packagesURL })
    const lock = { info: { abi_version: '2025_0' }, packages: { x: { file_name: 'x-1.0-py3-none-any.whl' } } }
    list.learnLock(`${indexURL}pyodide.mjs`, bytes(lock))
    list.learnLock(`${packagesURL}other-lock.json`, bytes(lock))
    list.learnLock(`${packagesURL}pyodide-lock.json`, new TextEncoder().encode('<!doctype html>').buffer as ArrayBuffer)
    list.learnLock(`${packagesURL}pyodide-lock.json`, bytes({ packages: lock.packages }))
    expect(allowed(list, `${packagesURL}x-1.0-py3-none-any.whl`)).toBe(false)
  })

  test('an extra folder the app adds is matched on the canonical URL only', () => {
    const list = createAssetAllowList({ indexURL, packagesURL, extraPrefixes: ['https://app.example/data/'] })
    expect(allowed(list, 'https://app.example/data/table.csv')).toBe(true)
    expect(allowed(list, 'https://app.example/data/..%2fsecret.txt')).toBe(false)
    expect(allowed(list, 'https://app.example/data/../secret.txt')).toBe(false)
    expect(allowed(list, 'https://app.example/data/table.csv?x')).toBe(false)
    expect(allowed(list, 'https://app.example/database/x')).toBe(false)
  })

  test('every refusal says why', () => {
    const list = createAssetAllowList({ indexURL, packagesURL })
    expect(list.check(`${indexURL}..%2fsecret.txt`)).toEqual({ ok: false, reason: expect.stringMatching(/percent-encoding/) })
    expect(list.check('https://app.example/secret.txt')).toEqual({ ok: false, reason: expect.stringMatching(/not a file of the Pyodide distribution/) })
  })
})
