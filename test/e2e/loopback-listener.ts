/**
 * A TCP listener on 127.0.0.1 that stands in for an attacker's host: Chromium
 * is told (`--host-resolver-rules`) to send a test domain here, so every
 * connection the page makes to that domain, a bare preconnect included, is
 * counted. A request gets a small page: the raw markup under `/control`
 * (a page with no policy, for the test's control), an empty page otherwise.
 */
import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface LoopbackListener {
  port: number
  /** Connections accepted so far. */
  connections(): number
  /** The `Host` header of every request received so far. */
  hosts(): string[]
  /** What `GET /control` answers. */
  serveControl(html: string): void
  close(): Promise<void>
}

export async function startLoopbackListener(): Promise<LoopbackListener> {
  let connections = 0
  const hosts: string[] = []
  const sockets = new Set<Socket>()
  let control = ''
  const server = createServer((socket) => {
    connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let head = ''
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      const host = /^host:\s*(.*)$/im.exec(head)?.[1]?.trim()
      if (host !== undefined) hosts.push(host)
      const body = /^GET \/control /.test(head) ? control : ''
      socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
      head = ''
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    hosts: () => [...hosts],
    serveControl: (html) => void (control = html),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
