// scripts/vendor.mjs against a stand-in index, file host and CDN on
// 127.0.0.1: the happy path, resume, cache, and each failure path.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Lockfile } from '../../../src/packages/lock-types.ts'
import { runVendor } from './run-vendor.ts'
import { sha256, startStandIn, unreachableUrl, type StandIn } from './stand-in.ts'

const ALPHA = 'alpha-1.0-py3-none-any.whl'
const BETA = 'beta-1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl'
const GAMMA = 'gamma-3.0-py3-none-any.whl'
const bytes = {
  alpha: Buffer.alloc(256 * 1024, 'alpha wheel '),
  beta: Buffer.alloc(64 * 1024, 'beta wheel '),
  gamma: Buffer.alloc(32 * 1024, 'gamma wheel '),
}

const fixtures = mkdtempSync(join(tmpdir(), 'vendor-fixtures-'))
const paths = {
  pyodideLock: join(fixtures, 'pyodide-lock.json'),
  pypiLock: join(fixtures, 'pypi-lock.json'),
  libraries: join(fixtures, 'libraries.json'),
}

function writeFixtures(): void {
  const entry = (name: string, fileName: string, data: Buffer, depends: string[]) => ({
    name, version: fileName.split('-')[1], file_name: fileName, install_dir: 'site', sha256: sha256(data), package_type: 'package', imports: [name], depends,
  })
  writeFileSync(paths.pyodideLock, JSON.stringify({
    info: { arch: 'wasm32', abi_version: '2026_0', platform: 'emscripten_5_0_3', version: '314.0.7', python: '3.14.2' },
    packages: { alpha: entry('alpha', ALPHA, bytes.alpha, ['beta']), beta: entry('beta', BETA, bytes.beta, []) },
  }))
  writeFileSync(paths.pypiLock, JSON.stringify({
    comment: 'fixture',
    packages: { gamma: { name: 'gamma', version: '3.0', file_name: `https://files.example/${GAMMA}`, sha256: sha256(bytes.gamma), size: bytes.gamma.length, depends: ['alpha'], imports: ['gamma'] } },
  }))
  writeFileSync(paths.libraries, JSON.stringify({
    libraries: [
      { gemini: 'alpha', imports: ['alpha'], package: 'alpha', source: 'pyodide' },
      { gemini: 'gamma', imports: ['gamma'], package: 'gamma', source: 'pypi' },
      { gemini: 'tensorflow', imports: ['tensorflow'], package: 'tensorflow', source: 'unavailable', reason: 'no WebAssembly build' },
    ],
  }))
}

function link(fileName: string, data: Buffer, digest = sha256(data)): string {
  return `<a href="/files/${fileName}#sha256=${digest}">${fileName}</a>`
}

function routes(gammaDigest?: string): Record<string, Buffer | string> {
  return {
    '/simple/alpha/': `<html><body>${link(ALPHA, bytes.alpha)}</body></html>`,
    // beta's only PyPI wheel is for Linux: Pyodide cannot load it, so beta must come from the CDN.
    '/simple/beta/': `<html><body>${link('beta-1.0-cp314-cp314-manylinux_2_17_x86_64.whl', bytes.beta)}</body></html>`,
    '/simple/gamma/': `<html><body>${link(GAMMA, bytes.gamma, gammaDigest)}</body></html>`,
    [`/files/${ALPHA}`]: bytes.alpha,
    [`/files/${GAMMA}`]: bytes.gamma,
    [`/cdn/${ALPHA}`]: bytes.alpha,
    [`/cdn/${BETA}`]: bytes.beta,
  }
}

let server: StandIn
let work: string
let out: string
let cache: string

function args(overrides: { index?: string; cdn?: string; out?: string; extra?: string[] } = {}): string[] {
  return [
    '--index-url', overrides.index ?? `${server.url}/simple/`,
    '--cdn-url', overrides.cdn ?? `${server.url}/cdn/`,
    '--out', overrides.out ?? out,
    '--cache-dir', cache,
    '--pyodide-lock', paths.pyodideLock,
    '--pypi-lock', paths.pypiLock,
    '--libraries', paths.libraries,
    '--timeout', '5',
    ...(overrides.extra ?? []),
  ]
}

function mirrorLock(dir = out): Lockfile {
  return JSON.parse(readFileSync(join(dir, 'pyodide-lock.json'), 'utf8')) as Lockfile
}

function fileRequests(): string[] {
  return server.requests.map((r) => r.path).filter((p) => !p.startsWith('/simple/'))
}

beforeAll(writeFixtures)
afterAll(() => rmSync(fixtures, { recursive: true, force: true }))

beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'vendor-run-'))
  out = join(work, 'packages')
  cache = join(work, 'cache')
  server = await startStandIn(routes())
})

afterEach(async () => {
  await server.close()
  rmSync(work, { recursive: true, force: true })
})

describe('npm run vendor against stand-in sources', () => {
  it('vendors each package from the first source that serves a loadable file, and exits 0', async () => {
    const run = await runVendor(args())
    expect(run.code).toBe(0)
    const lock = mirrorLock()
    expect(lock.packages.alpha).toMatchObject({ file_name: ALPHA, sha256: sha256(bytes.alpha), mirror_source: 'pypi' })
    expect(lock.packages.beta).toMatchObject({ file_name: BETA, sha256: sha256(bytes.beta), mirror_source: 'cdn' })
    expect(lock.packages.gamma).toMatchObject({ file_name: GAMMA, sha256: sha256(bytes.gamma), depends: ['alpha'] })
    for (const name of [ALPHA, BETA, GAMMA]) expect(readFileSync(join(out, name)).length).toBeGreaterThan(0)
    expect(run.stderr).toMatch(/PyPI \(.*\): 2 vendored, 0 already present, 0 failed/)
    expect(run.stderr).toMatch(/Pyodide CDN \(.*\): 1 vendored, 0 already present, 0 failed/)
  })

  it('vendors only the named library and its dependencies with --only', async () => {
    const run = await runVendor(args({ extra: ['--only', 'alpha'] }))
    expect(run.code).toBe(0)
    expect(existsSync(join(out, GAMMA))).toBe(false)
    expect(mirrorLock().packages.gamma?.file_name).toBe(`https://files.example/${GAMMA}`)
    expect(mirrorLock().packages.beta?.file_name).toBe(BETA)
  })

  it('resumes a partial download with a Range request', async () => {
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, `${ALPHA}.part`), bytes.alpha.subarray(0, 1000))
    const run = await runVendor(args({ extra: ['--no-cache'] }))
    expect(run.code).toBe(0)
    expect(server.requests).toContainEqual({ path: `/files/${ALPHA}`, range: 'bytes=1000-' })
    expect(sha256(readFileSync(join(out, ALPHA)))).toBe(sha256(bytes.alpha))
    expect(existsSync(join(out, `${ALPHA}.part`))).toBe(false)
  })

  it('starts over when a resumed file turns out corrupt', async () => {
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, `${ALPHA}.part`), Buffer.alloc(1000, 'garbage'))
    const run = await runVendor(args({ extra: ['--no-cache'] }))
    expect(run.code).toBe(0)
    expect(server.requests.filter((r) => r.path === `/files/${ALPHA}`).map((r) => r.range)).toEqual(['bytes=1000-', undefined])
    expect(sha256(readFileSync(join(out, ALPHA)))).toBe(sha256(bytes.alpha))
  })

  it('downloads nothing on a second run when the mirror is complete', async () => {
    await runVendor(args())
    server.requests.length = 0
    const run = await runVendor(args())
    expect(run.code).toBe(0)
    expect(fileRequests()).toEqual([])
    expect(server.requests).toEqual([])
    expect(run.stderr).toMatch(/PyPI \(.*\): 0 vendored, 2 already present/)
  })

  it('refuses a file whose sha256 does not match, keeps it out of the mirror and exits 1', async () => {
    server.corrupt.add(`/files/${GAMMA}`)
    const run = await runVendor(args({ extra: ['--no-cache'] }))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`sha256 mismatch for ${GAMMA}`)
    expect(existsSync(join(out, GAMMA))).toBe(false)
    expect(existsSync(join(out, `${GAMMA}.part`))).toBe(false)
    expect(mirrorLock().packages.gamma?.file_name).toBe(`https://files.example/${GAMMA}`)
    expect(mirrorLock().packages.alpha?.file_name).toBe(ALPHA)
  })

  it('refuses a pinned file when the index publishes a different sha256 for it', async () => {
    await server.close()
    server = await startStandIn(routes('0'.repeat(64)))
    const run = await runVendor(args())
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`the index publishes sha256 ${'0'.repeat(64)} for ${GAMMA}, but src/packages/pypi-lock.json pins ${sha256(bytes.gamma)}`)
    expect(fileRequests()).not.toContain(`/files/${GAMMA}`)
  })

  it('names an unreachable CDN in the summary and still vendors what PyPI serves', async () => {
    const cdn = await unreachableUrl()
    const run = await runVendor(args({ cdn: `${cdn}/cdn/` }))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Pyodide CDN \(http:\/\/127\.0\.0\.1:\d+\/cdn\/\): 0 vendored, 0 already present, 1 failed\n\s+unreachable: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/)
    expect(run.stderr).toMatch(/beta 1\.0: PyPI has no 1\.0 wheel Pyodide can load; Pyodide CDN unreachable/)
    expect(mirrorLock().packages.alpha?.file_name).toBe(ALPHA)
    expect(mirrorLock().packages.gamma?.file_name).toBe(GAMMA)
    expect(mirrorLock().packages.beta?.file_name).toBe(`${cdn}/cdn/${BETA}`)
  })

  it('falls back to the CDN when the index is unreachable, and says what it could not get', async () => {
    const index = await unreachableUrl()
    const run = await runVendor(args({ index: `${index}/simple/` }))
    expect(run.code).toBe(1)
    expect(mirrorLock().packages.alpha).toMatchObject({ file_name: ALPHA, mirror_source: 'cdn' })
    expect(mirrorLock().packages.beta?.file_name).toBe(BETA)
    expect(run.stderr).toMatch(/gamma 3\.0: PyPI unreachable: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/)
  })

  it('rebuilds a fresh mirror from the cache while every source is down', async () => {
    await runVendor(args())
    const down = await unreachableUrl()
    const fresh = join(work, 'fresh')
    const run = await runVendor(args({ index: `${down}/simple/`, cdn: `${down}/cdn/`, out: fresh }))
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/PyPI \(.*\): 2 vendored \(2 from the cache\)/)
    for (const [key, file] of [['alpha', ALPHA], ['beta', BETA], ['gamma', GAMMA]] as const) expect(mirrorLock(fresh).packages[key]?.file_name).toBe(file)
  })

  it('gives up on a download that stalls instead of hanging', async () => {
    server.stall.add(`/cdn/${BETA}`)
    const run = await runVendor(args({ extra: ['--timeout', '1', '--no-cache'] }))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/beta 1\.0: .*Pyodide CDN unreachable: cannot reach http:\/\/127\.0\.0\.1:\d+ \((transfer interrupted: )?no data for 1 s\)/)
  })

  it('rejects an unknown library name with exit code 2 and lists the known ones', async () => {
    const run = await runVendor(args({ extra: ['--only', 'alpha,nonesuch'] }))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown library: nonesuch. Known: alpha, gamma')
  })

  it('rejects tensorflow with exit code 2 and the reason', async () => {
    const run = await runVendor(args({ extra: ['--only', 'tensorflow'] }))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('tensorflow cannot be vendored: no WebAssembly build')
  })
})
