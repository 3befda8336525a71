import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { createAssetAllowList } from '../../../src/sandbox/frame/asset-allow-list.ts'
import { serveAssets } from '../../../src/sandbox/frame/asset-relay.ts'
import { fetchThrough } from '../../../worker/asset-fetch.ts'

// A host that decodes %2F and resolves dot segments before it looks for a file, as Python's
// http.server and nginx do: every request it receives is recorded, with its headers.
let server: Server
let origin: string
const received: { path: string; headers: IncomingHttpHeaders }[] = []
const MIRROR_LOCK = { info: { abi_version: '2025_0' }, packages: { six: { file_name: 'six-1.17.0-py2.py3-none-any.whl' } } }
/** A promise and what settles it (Node 20 has no `Promise.withResolvers`). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((settle) => (resolve = settle))
  return { promise, resolve }
}
// The slow file sends its rest, and the endless one reports its request closed, when these settle.
let slowRest = signal()
let endlessClosed = signal()

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(decodeURIComponent(req.url ?? '/'), 'http://host').pathname
    received.push({ path, headers: req.headers })
    if (path === '/secret.txt') return res.writeHead(200, { 'content-type': 'text/plain' }).end('the secret')
    if (path === '/pyodide/python_stdlib.zip') return res.writeHead(302, { location: '/secret.txt' }).end()
    if (path === '/pyodide/missing') return res.writeHead(404).end()
    if (path === '/packages/pyodide-lock.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(MIRROR_LOCK))
    if (path === '/pyodide/slow') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).write('first')
      return void slowRest.promise.then(() => res.end('last'))
    }
    if (path === '/pyodide/endless') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const timer = setInterval(() => res.write('more'), 10)
      return void req.on('close', () => {
        clearInterval(timer)
        endlessClosed.resolve()
      })
    }
    res.writeHead(200, { 'content-type': 'application/wasm', 'content-length': '5', 'x-secret': 'no', 'set-cookie': 'a=b' })
    res.end('bytes')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
)
beforeEach(() => {
  received.splice(0)
  slowRest = signal()
  endlessClosed = signal()
})
// The worker resolves relative URLs against its own location; these tests use absolute ones.
vi.stubGlobal('location', { href: 'http://worker.invalid/' })

/** The relay on one end of a channel and the worker's `fetch` on the other, as in the sandbox frame. */
function workerFetch(extraPrefixes: string[] = []): typeof fetch {
  const channel = new MessageChannel()
  serveAssets(channel.port1, createAssetAllowList({ indexURL: `${origin}/pyodide/`, packagesURL: `${origin}/packages/`, extraPrefixes }))
  return fetchThrough(channel.port2)
}

type Answer = { status: number; headers: Record<string, string>; text: string } | { error: string }

/** What the worker's fetch of `url` gives: the response read whole, or the error it threw. */
function relay(extraPrefixes: string[] = []): (request: { url: string; cache?: RequestCache }) => Promise<Answer> {
  const fetchFile = workerFetch(extraPrefixes)
  return async ({ url, cache }) => {
    try {
      const response = await fetchFile(url, cache ? { cache } : {})
      return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() }
    } catch (error) {
      return { error: (error as Error).message }
    }
  }
}

const text = (answer: Answer) => ('text' in answer ? answer.text : '')

describe('the asset relay', () => {
  test('serves a core file, with only the headers the worker needs', async () => {
    const answer = await relay()({ url: `${origin}/pyodide/pyodide.asm.wasm` })
    expect(answer).toEqual({ status: 200, headers: { 'content-type': 'application/wasm', 'content-length': '5' }, text: 'bytes' })
  })

  test('sends no cookie, no authorization and no referrer', async () => {
    await relay()({ url: `${origin}/pyodide/pyodide.mjs` })
    expect(received).toHaveLength(1)
    expect(received[0]!.headers).not.toHaveProperty('cookie')
    expect(received[0]!.headers).not.toHaveProperty('authorization')
    expect(received[0]!.headers).not.toHaveProperty('referer')
  })

  test('passes an HTTP error status on as it is', async () => {
    const withPrefix = relay([`${origin}/pyodide/`])
    expect(await withPrefix({ url: `${origin}/pyodide/missing` })).toMatchObject({ status: 404 })
  })

  test('does not follow a redirect from an allowed file to a secret', async () => {
    const answer = await relay()({ url: `${origin}/pyodide/python_stdlib.zip` })
    expect(answer).toMatchObject({ error: expect.any(String) })
    expect(received.map((r) => r.path)).toEqual(['/pyodide/python_stdlib.zip'])
  })

  test('serves a package only once the lock that names it has been served', async () => {
    const ask = relay()
    const wheel = `${origin}/packages/six-1.17.0-py2.py3-none-any.whl`
    expect(await ask({ url: wheel })).toMatchObject({ error: expect.stringMatching(/not a file the sandbox may load/) })
    expect(await ask({ url: `${origin}/packages/pyodide-lock.json`, cache: 'no-cache' })).toMatchObject({ status: 200 })
    expect(text(await ask({ url: wheel }))).toBe('bytes')
  })

  const escapes = (o: string) => [
    `${o}/pyodide/..%2fsecret.txt`,
    `${o}/pyodide/..%2Fsecret.txt`,
    `${o}/packages/..%2fsecret.txt`,
    `${o}/pyodide/..%5csecret.txt`,
    `${o}/pyodide/%2e%2e/secret.txt`,
    `${o}/pyodide/%2e%2e%2fsecret.txt`,
    `${o}/pyodide/..%252fsecret.txt`,
    `${o}/pyodide/..\\secret.txt`,
    `${o}/pyodide/../secret.txt`,
    `${o}/pyodide/pyodide.mjs/../../secret.txt`,
    `${o}/pyodide/pyodide.mjs?/../../secret.txt`,
    `${o}/pyodide/pyodide.mjs#/../../secret.txt`,
    `${o}/secret.txt`,
    `${o}/api/me.json`,
    `${o}/pyodide-evil/x`,
    'https://observer.invalid/pyodide/',
  ]

  test('refuses traversal in every spelling, and anything not named, without sending a request', async () => {
    const ask = relay([`${origin}/pyodide/`])
    for (const url of escapes(origin)) {
      const answer = await ask({ url })
      expect(answer, url).toMatchObject({ error: expect.stringMatching(/is not a file the sandbox may load \(.+\)/) })
    }
    expect(received).toEqual([])
  })

  test('streams a body as it arrives: the worker reads the first bytes before the server has sent the last', async () => {
    const response = await workerFetch([`${origin}/pyodide/`])(`${origin}/pyodide/slow`)
    const reader = response.body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first')
    slowRest.resolve()
    let rest = ''
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value)
    expect(rest).toBe('last')
  })

  test('a body the worker cancels stops the download, and an aborted request too', async () => {
    const fetchFile = workerFetch([`${origin}/pyodide/`])
    const reader = (await fetchFile(`${origin}/pyodide/endless`)).body!.getReader()
    await reader.read()
    await reader.cancel()
    await endlessClosed.promise
    endlessClosed = signal()
    const controller = new AbortController()
    const aborted = await fetchFile(`${origin}/pyodide/endless`, { signal: controller.signal })
    const read = aborted.body!.getReader()
    await read.read()
    controller.abort()
    await expect(read.read()).rejects.toMatchObject({ name: 'AbortError' })
    await endlessClosed.promise
  })

  test('answers a malformed request with an error when it has an id, ignores it otherwise, and sends nothing', async () => {
    const channel = new MessageChannel()
    serveAssets(channel.port1, createAssetAllowList({ indexURL: `${origin}/pyodide/`, packagesURL: `${origin}/packages/` }))
    const answers: unknown[] = []
    channel.port2.onmessage = (event) => answers.push(event.data)
    for (const bad of [null, 'x', { id: 'a', url: `${origin}/pyodide/pyodide.mjs` }, { id: 1, url: 42 }, { id: 1, url: `${origin}/pyodide/pyodide.mjs`, cache: 'only-if-cached-ish' }]) {
      channel.port2.postMessage(bad)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(answers).toEqual([
      { id: 1, error: 'a malformed asset request' },
      { id: 1, error: 'a malformed asset request' },
    ])
    expect(received).toEqual([])
    channel.port1.close()
  })
})
