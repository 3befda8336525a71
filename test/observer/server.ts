/**
 * A loopback observer: an HTTP server on 127.0.0.1 at a random port that
 * records every connection, request and WebSocket upgrade it receives. The
 * escape tests point sandboxed code at it; any record is an escape.
 *
 * It answers as helpfully as it can (200, `Access-Control-Allow-Origin: *`,
 * CORP cross-origin), so an attempt that reaches it would also succeed.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface ObservedContact {
  kind: 'connection' | 'request' | 'upgrade' | 'app-endpoint'
  method?: string
  url?: string
}

export interface Observer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  contacts(): ObservedContact[]
  /** Records a hit on one of the app's own endpoints (see `plugin.ts`). */
  note(contact: ObservedContact): void
  clear(): void
  close(): Promise<void>
}

export async function startObserver(): Promise<Observer> {
  const contacts: ObservedContact[] = []
  const sockets = new Set<Socket>()
  const describe = (req: IncomingMessage) => ({ method: req.method ?? '', url: req.url ?? '' })
  const server = createServer((req, res) => {
    contacts.push({ kind: 'request', ...describe(req) })
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/plain',
    })
    res.end('observer reached')
  })
  server.on('connection', (socket) => {
    contacts.push({ kind: 'connection' })
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('upgrade', (req, socket) => {
    contacts.push({ kind: 'upgrade', ...describe(req) })
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref() // the test process may end while the observer still listens
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    contacts: () => [...contacts],
    note: (contact) => contacts.push(contact),
    clear: () => void contacts.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
