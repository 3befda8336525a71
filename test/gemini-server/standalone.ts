/** The strict Gemini test server on its own port, for Node tests. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createGeminiTestServer } from './handler.ts'

export interface RunningServer {
  baseUrl: string
  close(): Promise<void>
}

export async function startGeminiTestServer(): Promise<RunningServer> {
  const gemini = createGeminiTestServer()
  const server: Server = createServer((req, res) => gemini.handle(req, res))
  // Upgraded sockets (the Live API's) leave the server's bookkeeping: closing the server ends them here.
  const upgraded = new Set<Duplex>()
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket)
    socket.on('close', () => upgraded.delete(socket))
    if (!gemini.upgrade(req, socket, head, req.url ?? '/')) socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of upgraded) socket.destroy()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
