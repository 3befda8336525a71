// `npm run vendor -- --from DIR`: a folder of one release's files becomes a
// whole distribution, and files of another release, ABI or content are refused.
// Everything here is local: a made-up release in a temporary folder, no network.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { Lockfile } from '../../../src/packages/lock-types.ts'
import { checkFolderLock, scanReleaseFolder, whyNotInRelease } from '../../../scripts/vendor/release-folder.mjs'
import { runVendor } from './run-vendor.ts'
import { sha256 } from './stand-in.ts'

const work = mkdtempSync(join(tmpdir(), 'vendor-release-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const NUMPY = Buffer.from('numpy wheel bytes')
const TABULATE = Buffer.from('tabulate wheel bytes')
const NUMPY_FILE = 'numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl'
const TABULATE_FILE = 'tabulate-0.9.0-py3-none-any.whl'

function entry(name: string, version: string, fileName: string, bytes: Buffer, depends: string[] = []) {
  return { name, version, file_name: fileName, install_dir: 'site', sha256: sha256(bytes), package_type: 'package', imports: [name], depends }
}

const lock = {
  info: { abi_version: '2024_0', arch: 'wasm32', platform: 'emscripten_3_1_58', python: '3.12.7', version: '0.27.7' },
  packages: {
    numpy: entry('numpy', '2.0.2', NUMPY_FILE, NUMPY),
    tabulate: entry('tabulate', '0.9.0', TABULATE_FILE, TABULATE),
  },
} as unknown as Lockfile

let folder: string
let case_ = 0
beforeEach(() => {
  folder = join(work, `release-${++case_}`)
  mkdirSync(folder, { recursive: true })
})

describe('scanReleaseFolder', () => {
  it('takes a file the lock names with its sha256, and leaves the core files alone', async () => {
    writeFileSync(join(folder, NUMPY_FILE), NUMPY)
    writeFileSync(join(folder, 'pyodide.asm.wasm'), 'core')
    const { accepted, refused } = await scanReleaseFolder(folder, lock)
    expect([...accepted.keys()]).toEqual(['numpy'])
    expect(refused).toEqual([])
  })

  it('refuses a file whose bytes differ from the lock, naming both hashes', async () => {
    writeFileSync(join(folder, NUMPY_FILE), Buffer.from('tampered'))
    const { accepted, refused } = await scanReleaseFolder(folder, lock)
    expect(accepted.size).toBe(0)
    expect(refused).toEqual([{ file: NUMPY_FILE, reason: expect.stringContaining(`does not match ${sha256(NUMPY)} in the lock of Pyodide 0.27.7`) }])
  })

  it('refuses wheels of another ABI, another Python and another release, each with its reason', async () => {
    for (const name of ['numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl', 'numpy-2.0.2-cp313-cp313-pyodide_2024_0_wasm32.whl', 'tabulate-0.10.0-py3-none-any.whl', 'notes.txt']) {
      writeFileSync(join(folder, name), 'x')
    }
    const { refused } = await scanReleaseFolder(folder, lock)
    const reasons = Object.fromEntries(refused.map((r: { file: string; reason: string }) => [r.file, r.reason]))
    expect(reasons['numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl']).toMatch(/built for ABI 2026_0, but Pyodide 0\.27\.7 .* needs ABI 2024_0/)
    expect(reasons['numpy-2.0.2-cp313-cp313-pyodide_2024_0_wasm32.whl']).toMatch(/built for CPython 3\.13, but .* runs Python 3\.12/)
    expect(reasons['tabulate-0.10.0-py3-none-any.whl']).toMatch(/from another release: .* pins tabulate 0\.9\.0/)
    expect(reasons['notes.txt']).toMatch(/its lock names no such file/)
  })

  it('whyNotInRelease accepts a stable-ABI wheel of an older CPython as this Python’s', () => {
    expect(whyNotInRelease('x-1.0-cp311-abi3-pyodide_2024_0_wasm32.whl', lock)).toMatch(/its lock names no such file/)
  })

  it('checkFolderLock refuses a folder that holds another release’s lock', async () => {
    writeFileSync(join(folder, 'pyodide-lock.json'), JSON.stringify({ info: { version: '314.0.7', abi_version: '2026_0' }, packages: {} }))
    expect(await checkFolderLock(folder, lock)).toMatch(/holds the lock of Pyodide 314\.0\.7 .* checked against Pyodide 0\.27\.7/)
  })
})

describe('npm run vendor -- --from', () => {
  function release(extraFiles: Record<string, Buffer | string> = {}) {
    const core = join(folder, 'core')
    mkdirSync(core)
    writeFileSync(join(core, 'pyodide.mjs'), 'var C="0.27.7";export{C as version};')
    for (const name of ['pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip']) writeFileSync(join(core, name), name)
    writeFileSync(join(core, 'pyodide-lock.json'), JSON.stringify(lock))
    const files = join(folder, 'files')
    mkdirSync(files)
    writeFileSync(join(files, NUMPY_FILE), NUMPY)
    for (const [name, bytes] of Object.entries(extraFiles)) writeFileSync(join(files, name), bytes)
    writeFileSync(join(folder, 'extras.json'), JSON.stringify({ comment: '', packages: {} }))
    writeFileSync(join(folder, 'libraries.json'), JSON.stringify({ libraries: [{ gemini: 'numpy', imports: ['numpy'], package: 'numpy', source: 'pyodide' }] }))
    const out = join(folder, 'dist')
    const args = ['--from', files, '--pyodide-lock', join(core, 'pyodide-lock.json'), '--pypi-lock', join(folder, 'extras.json'), '--libraries', join(folder, 'libraries.json'), '--out', out, '--no-cache']
    return { out, args }
  }

  it('writes a whole distribution: the core beside the checked packages, and a lock of only what it holds', async () => {
    const { out, args } = release()
    const run = await runVendor(args)
    expect(run.code, run.stderr).toBe(0)
    const written = JSON.parse(readFileSync(join(out, 'pyodide-lock.json'), 'utf8')) as Lockfile
    expect(written.info.version).toBe('0.27.7')
    expect(Object.keys(written.packages)).toEqual(['numpy'])
    expect(written.packages.numpy).toMatchObject({ file_name: NUMPY_FILE, sha256: sha256(NUMPY), mirror_source: 'folder' })
    expect(readFileSync(join(out, NUMPY_FILE))).toEqual(NUMPY)
    for (const name of ['pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip']) expect(readFileSync(join(out, name)).length).toBeGreaterThan(0)
    expect(run.stderr).toMatch(/release folder .*: 1 vendored/)
  })

  it('refuses a file of another release with a clear message and exit code 1, and keeps the good ones', async () => {
    const { out, args } = release({ 'numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl': 'x' })
    const run = await runVendor(args)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Refused from .*\n\s+numpy-2\.4\.6-cp314-cp314-pyemscripten_2026_0_wasm32\.whl: built for ABI 2026_0/)
    expect(readFileSync(join(out, NUMPY_FILE))).toEqual(NUMPY)
  })

  it('stops with exit code 2 when the folder holds another release’s lock', async () => {
    const { args } = release({ 'pyodide-lock.json': JSON.stringify({ info: { version: '314.0.7', abi_version: '2026_0' }, packages: {} }) })
    const run = await runVendor(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/holds the lock of Pyodide 314\.0\.7/)
  })
})
