import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serveAssets } from '../../../src/sandbox/frame/asset-relay.ts'
import type { AssetResponse } from '../../../src/sandbox/frame/frame-protocol.ts'

let server: Server
let origin: string
const requested: string[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '')
    res.writeHead(req.url === '/pyodide/missing' ? 404 : 200, { 'content-type': 'application/wasm', 'content-length': '5', 'x-secret': 'no' })
    res.end('bytes')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function relay(): (id: number, url: string) => Promise<AssetResponse> {
  const channel = new MessageChannel()
  serveAssets(channel.port1, [`${origin}/pyodide/`])
  return (id, url) =>
    new Promise((resolve) => {
      channel.port2.onmessage = (event) => resolve(event.data)
      channel.port2.postMessage({ id, url })
    })
}

describe('the asset relay', () => {
  test('serves a file under an allowed prefix, with only the headers the worker needs', async () => {
    const answer = await relay()(1, `${origin}/pyodide/pyodide.asm.wasm`)
    expect(answer).toMatchObject({ id: 1, status: 200, headers: [['content-type', 'application/wasm'], ['content-length', '5']] })
    expect(new TextDecoder().decode((answer as { body: ArrayBuffer }).body)).toBe('bytes')
  })

  test('passes an HTTP error status on as it is', async () => {
    expect(await relay()(2, `${origin}/pyodide/missing`)).toMatchObject({ id: 2, status: 404 })
  })

  test('refuses anything outside the allowed prefixes without sending a request', async () => {
    const before = requested.length
    for (const url of [`${origin}/api/secret`, `${origin}/pyodide-evil/x`, 'https://observer.invalid/pyodide/']) {
      const answer = await relay()(3, url)
      expect(answer).toEqual({ id: 3, error: `${url} is outside what the sandbox may load` })
    }
    expect(requested.length).toBe(before)
  })
})
