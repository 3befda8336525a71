// worker/bytecode.ts in Node: the bundle reader's checks, and the installer
// against a local server: what it writes, and each reason it writes nothing.

import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBytecodeInstaller, readBytecodeBundle, type BytecodeTarget } from '../../../worker/bytecode.ts'

const MAGIC = 'cb0d0d0a'

/** A bundle in the vendor's format (scripts/vendor/bytecode.mjs). */
function bundleOf(files: Array<[string, Buffer]>, { magic = MAGIC, header }: { magic?: string; header?: unknown } = {}): Buffer {
  const json = Buffer.from(JSON.stringify(header ?? { magic, files: files.map(([path, data]) => [path, data.length]) }))
  const length = Buffer.alloc(4)
  length.writeUInt32LE(json.length)
  return Buffer.concat([Buffer.from('PYCB'), length, json, ...files.map(([, data]) => data)])
}

const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('readBytecodeBundle', () => {
  it('reads the files in order', () => {
    const bundle = readBytecodeBundle(bundleOf([['a/__pycache__/x.cpython-312.pyc', Buffer.from('one')], ['__pycache__/y.cpython-312.pyc', Buffer.from('two!')]]))
    expect(bundle.magic).toBe(MAGIC)
    expect(bundle.files.map((f) => [f.path, Buffer.from(f.data).toString()])).toEqual([['a/__pycache__/x.cpython-312.pyc', 'one'], ['__pycache__/y.cpython-312.pyc', 'two!']])
  })

  it.each([
    ['not a bundle', Buffer.from('PK\u0003\u0004 a zip'), /not a bytecode bundle/],
    ['a path out of site-packages', bundleOf([['../../etc/__pycache__/x.pyc', Buffer.from('x')]]), /may not write/],
    ['an absolute path', bundleOf([['/lib/__pycache__/x.pyc', Buffer.from('x')]]), /may not write/],
    ['a file that is no .pyc', bundleOf([['a/__pycache__/x.py', Buffer.from('x')]]), /may not write/],
    ['a .pyc outside __pycache__', bundleOf([['a/x.pyc', Buffer.from('x')]]), /may not write/],
    ['a size past the end', bundleOf([], { header: { magic: MAGIC, files: [['a/__pycache__/x.pyc', 99]] } }), /cut short/],
    ['bytes no file claims', Buffer.concat([bundleOf([['a/__pycache__/x.pyc', Buffer.from('x')]]), Buffer.from('extra')]), /no file claims/],
    ['a header without a file list', bundleOf([], { header: { magic: MAGIC } }), /lacks/],
  ])('refuses %s', (_, bytes, message) => {
    expect(() => readBytecodeBundle(bytes)).toThrow(message)
  })
})

describe('createBytecodeInstaller', () => {
  const good = gzipSync(bundleOf([['tiny/__pycache__/__init__.cpython-312.pyc', Buffer.from('code')], ['tiny/sub/__pycache__/m.cpython-312.pyc', Buffer.from('more')]]))
  const routes: Record<string, Buffer> = {
    '/m/good.pyc-bundle': good,
    '/m/other-python.pyc-bundle': gzipSync(bundleOf([['tiny/__pycache__/a.pyc', Buffer.from('x')]], { magic: '00000000' })),
  }
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      // Sends its headers, then nothing.
      if (req.url === '/m/stalled.pyc-bundle') return void res.writeHead(200, { 'content-length': '1000' }).flushHeaders()
      const body = routes[req.url ?? '']
      if (body === undefined) res.writeHead(404).end()
      else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body)
    }).listen(0, '127.0.0.1')
    await once(server, 'listening')
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/m/`
  })
  afterAll(() => (server.closeAllConnections(), server.close()))

  function target(): BytecodeTarget & { written: Map<string, string>; folders: string[] } {
    const written = new Map<string, string>()
    const folders: string[] = []
    return { written, folders, sitePackages: '/lib/python3.12/site-packages', magic: MAGIC, fs: { mkdirTree: (path) => folders.push(path), writeFile: (path, data) => written.set(path, Buffer.from(data).toString()) } }
  }

  // A short limit only where the test is the limit: a loaded machine can take seconds to serve a small file.
  const install = async (fs: ReturnType<typeof target>, file_name: string, digest: string, timeoutMs = 30_000) => {
    const installer = createBytecodeInstaller(() => fs, { baseUrl: base, sha256, timeoutMs })
    const bundle = installer.fetchFor(new Map([['tiny', { bytecode: { file_name, sha256: digest } }], ['plain', {}]]))
    expect([...bundle.keys()]).toEqual(['tiny'])
    return installer.install(bundle.get('tiny')!)
  }

  it('writes each .pyc under site-packages, making its folder', async () => {
    const fs = target()
    expect(await install(fs, 'good.pyc-bundle', await sha256(good))).toBe(2)
    expect(Object.fromEntries(fs.written)).toEqual({
      '/lib/python3.12/site-packages/tiny/__pycache__/__init__.cpython-312.pyc': 'code',
      '/lib/python3.12/site-packages/tiny/sub/__pycache__/m.cpython-312.pyc': 'more',
    })
    expect(fs.folders).toEqual(['/lib/python3.12/site-packages/tiny/__pycache__', '/lib/python3.12/site-packages/tiny/sub/__pycache__'])
  })

  it.each([
    ['whose bytes differ from the lock', 'good.pyc-bundle', '0'.repeat(64), /the lock says 0{64}/, undefined],
    ['compiled for another Python', 'other-python.pyc-bundle', undefined, /compiled for another Python \(magic 00000000, this one is cb0d0d0a\)/, undefined],
    ['that is missing', 'missing.pyc-bundle', '0'.repeat(64), /HTTP 404/, undefined],
    ['that stalls', 'stalled.pyc-bundle', '0'.repeat(64), /did not arrive within 0\.5 s/, 500],
  ])('writes nothing for a bundle %s, saying why', async (_, file, digest, message, timeoutMs) => {
    const fs = target()
    await expect(install(fs, file, digest ?? (await sha256(routes[`/m/${file}`]!)), timeoutMs)).rejects.toThrow(message)
    expect(fs.written.size).toBe(0)
  })
})
