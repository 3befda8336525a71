// scripts/vendor/bytecode.mjs on a real (tiny) wheel, compiled by the Pyodide
// core this repository installs, run in Node: what a bundle holds, that a
// re-run takes it from the cache, and that a wheel it cannot read is skipped.
// Then `npm run vendor` itself: the lock names the bundle, a re-run keeps it,
// and --no-bytecode leaves no bundle named.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { compileBytecode } from '../../../scripts/vendor/bytecode.mjs'
import { readBytecodeBundle } from '../../../worker/bytecode.ts'
import { runVendor } from './run-vendor.ts'
import { sha256 } from './stand-in.ts'
import { zipOf } from './tiny-wheel.ts'

const CORE = 'node_modules/pyodide'
const work = mkdtempSync(join(tmpdir(), 'vendor-bytecode-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const WHEEL = 'tiny-1.0-py3-none-any.whl'
const wheel = zipOf({
  'tiny/__init__.py': 'VALUE = 42\n',
  'tiny/util.py': 'def double(x):\n    return 2 * x\n',
  'tiny/tests/test_tiny.py': 'def test():\n    pass\n',
  'tiny/broken.py': 'def (:\n',
  'tiny-1.0.dist-info/METADATA': 'Name: tiny\nVersion: 1.0\n',
})
writeFileSync(join(work, WHEEL), wheel)
writeFileSync(join(work, 'not-a-zip-1.0-py3-none-any.whl'), 'these bytes are no zip archive')

describe('compileBytecode', { timeout: 60_000 }, () => {
  const options = () => ({ out: work, coreDir: CORE, version: (JSON.parse(readFileSync(join(CORE, 'package.json'), 'utf8')) as { version: string }).version, cacheDir: join(work, 'cache') })

  it("bundles the hash-checked bytecode of the wheel's modules, not its tests or what does not compile", async () => {
    const { entries, compiled, skipped } = await compileBytecode({ ...options(), wheels: [{ key: 'tiny', fileName: WHEEL, sha256: sha256(wheel) }] })
    expect({ compiled, skipped }).toEqual({ compiled: 1, skipped: undefined })
    const entry = entries.get('tiny')!
    expect(entry.file_name).toBe(`${WHEEL}.pyc-bundle`)
    const stored = readFileSync(join(work, entry.file_name))
    expect(sha256(stored)).toBe(entry.sha256)
    const bundle = readBytecodeBundle(gunzipSync(stored))
    expect(bundle.files.map((f) => f.path).sort()).toEqual(['tiny/__pycache__/__init__.cpython-314.pyc', 'tiny/__pycache__/util.cpython-314.pyc'])
    for (const { data } of bundle.files) {
      expect(data.subarray(0, 4).toString()).toBe(Buffer.from(bundle.magic, 'hex').toString())
      // PEP 552 flags: hash-based (bit 0) and checked against the source (bit 1).
      expect(new DataView(data.buffer, data.byteOffset).getUint32(4, true)).toBe(0b11)
    }
  })

  it('takes a bundle it made before from the cache, starting no interpreter', async () => {
    const { entries, compiled } = await compileBytecode({ ...options(), wheels: [{ key: 'tiny', fileName: WHEEL, sha256: sha256(wheel) }] })
    expect(compiled).toBe(0)
    expect(entries.get('tiny')?.file_name).toBe(`${WHEEL}.pyc-bundle`)
  })

  it('skips a wheel it cannot read, saying which, and still bundles the others', async () => {
    const broken = { key: 'broken', fileName: 'not-a-zip-1.0-py3-none-any.whl', sha256: sha256('these bytes are no zip archive') }
    const fresh = { key: 'tiny', fileName: WHEEL, sha256: `${sha256(wheel)}-uncached` }
    const { entries, skipped } = await compileBytecode({ ...options(), wheels: [broken, fresh] })
    expect([...entries.keys()]).toEqual(['tiny'])
    expect(skipped).toMatch(/could not compile not-a-zip-1\.0-py3-none-any\.whl \(.*BadZipFile/)
  })

  it('says so when the core cannot start in Node', async () => {
    const { entries, skipped } = await compileBytecode({ ...options(), coreDir: join(work, 'no-core'), wheels: [{ key: 'tiny', fileName: WHEEL, sha256: `${sha256(wheel)}-other` }] })
    expect(entries.size).toBe(0)
    expect(skipped).toMatch(/did not start in Node/)
  })
})

describe('npm run vendor -- --from', { timeout: 120_000 }, () => {
  const release = join(work, 'release')
  const out = join(work, 'dist')
  mkdirSync(release)
  writeFileSync(join(release, WHEEL), wheel)
  const version = (JSON.parse(readFileSync(join(CORE, 'package.json'), 'utf8')) as { version: string }).version
  const lock = {
    info: { ...(JSON.parse(readFileSync(join(CORE, 'pyodide-lock.json'), 'utf8')) as { info: object }).info, version },
    packages: { tiny: { name: 'tiny', version: '1.0', file_name: WHEEL, install_dir: 'site', sha256: sha256(wheel), package_type: 'package', imports: ['tiny'], depends: [] } },
  }
  writeFileSync(join(work, 'release-lock.json'), JSON.stringify(lock))
  writeFileSync(join(work, 'extras.json'), JSON.stringify({ comment: '', packages: {} }))
  writeFileSync(join(work, 'libraries.json'), JSON.stringify({ libraries: [{ gemini: 'tiny', imports: ['tiny'], package: 'tiny', source: 'pyodide' }] }))
  const args = ['--from', release, '--core', CORE, '--pyodide-lock', join(work, 'release-lock.json'), '--pypi-lock', join(work, 'extras.json'), '--libraries', join(work, 'libraries.json'), '--out', out, '--no-cache']
  const written = () => (JSON.parse(readFileSync(join(out, 'pyodide-lock.json'), 'utf8')) as { packages: Record<string, { bytecode?: { file_name: string; sha256: string } }> }).packages.tiny

  it('names the bundle in the lock, keeps it on a re-run, and names none with --no-bytecode', async () => {
    const first = await runVendor(args)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toMatch(/Bytecode: 1 bundle \(1 compiled now/)
    const bytecode = written()?.bytecode
    expect(bytecode?.file_name).toBe(`${WHEEL}.pyc-bundle`)
    expect(sha256(readFileSync(join(out, bytecode!.file_name)))).toBe(bytecode!.sha256)

    // No cache: only the previous lock and the file in the mirror can spare the compiling.
    const again = await runVendor(args)
    expect(again.stderr).toMatch(/Bytecode: 1 bundle \(0 compiled now/)
    expect(written()?.bytecode).toEqual(bytecode)

    const without = await runVendor([...args, '--no-bytecode'])
    expect(without.code, without.stderr).toBe(0)
    expect(without.stderr).toMatch(/Bytecode: no bundles; not asked for \(--no-bytecode\)/)
    expect(written()).toBeDefined()
    expect(written()?.bytecode).toBeUndefined()
  })
})
