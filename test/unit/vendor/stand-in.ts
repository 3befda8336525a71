// A local stand-in for PyPI's simple index, its file host and the Pyodide
// CDN, with switches for the failures the vendor script must survive.

import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandIn {
  readonly url: string
  /** Every request, in order: path and Range header. */
  readonly requests: { path: string; range: string | undefined }[]
  /** Paths served with one byte flipped. */
  readonly corrupt: Set<string>
  /** Paths that send headers and then nothing. */
  readonly stall: Set<string>
  close(): Promise<void>
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export async function startStandIn(routes: Record<string, Buffer | string>): Promise<StandIn> {
  const requests: StandIn['requests'] = []
  const corrupt = new Set<string>()
  const stall = new Set<string>()
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    requests.push({ path, range: req.headers.range })
    const body = routes[path]
    if (body === undefined) {
      res.writeHead(404).end('not found')
      return
    }
    if (typeof body === 'string') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(body)
      return
    }
    if (stall.has(path)) {
      res.writeHead(200, { 'content-length': body.length })
      return
    }
    let bytes = Buffer.from(body)
    if (corrupt.has(path)) bytes[0] = (bytes[0] ?? 0) ^ 0xff
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (range) {
      const start = Number(range[1])
      res.writeHead(206, { 'content-length': bytes.length - start, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` }).end(bytes.subarray(start))
      return
    }
    res.writeHead(200, { 'content-length': bytes.length, 'content-type': 'application/octet-stream' }).end(bytes)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    corrupt,
    stall,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

/** A URL on 127.0.0.1 where nothing listens, so connections are refused. */
export async function unreachableUrl(): Promise<string> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return `http://127.0.0.1:${port}`
}
