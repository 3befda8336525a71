/**
 * An HTTP proxy on 127.0.0.1 that forwards nothing: it records every request
 * and every CONNECT a browser sends it, and answers 502. A browser given it
 * as its proxy for every host but the app's own loopback origin hands it each
 * request it would make to any other host (and leaves the name lookup to it),
 * so a preview that reached for `http://<data>.attacker.example/` would show
 * here. Used where the browser has no net log to read (Firefox, WebKit).
 *
 * What it cannot see: a lookup the browser makes on its own without a
 * request (a `dns-prefetch` hint, were a browser to resolve it despite the
 * proxy). Chromium's net-log test sees those; in every browser,
 * test/browser/files/preview-markup.test.ts checks that no vector's host name
 * survives into the preview's markup at all.
 */
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ProxiedRequest {
  method: string
  /** The absolute URL of a proxied request, or `host:port` of a CONNECT. */
  target: string
}

export interface RecordingProxy {
  /** `127.0.0.1:<port>` */
  address: string
  port: number
  requests(): ProxiedRequest[]
  /** The host names asked for so far, each once. */
  hosts(): string[]
  close(): Promise<void>
}

function hostOf(target: string): string {
  try {
    return new URL(target.includes('://') ? target : `http://${target}`).hostname
  } catch {
    return target
  }
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', target: req.url ?? '' })
    res.writeHead(502, { 'Content-Type': 'text/plain', Connection: 'close' }).end('not forwarded')
  })
  // A CONNECT (an https:, ws: or wss: target) is refused, never tunnelled.
  server.on('connect', (req, socket: Socket) => {
    requests.push({ method: 'CONNECT', target: req.url ?? '' })
    socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n')
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    address: `127.0.0.1:${port}`,
    port,
    requests: () => [...requests],
    hosts: () => [...new Set(requests.map((request) => hostOf(request.target)))],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
