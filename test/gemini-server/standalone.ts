/** The strict Gemini test server on its own port, for Node tests. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createGeminiTestServer } from './handler.ts'

export interface RunningServer {
  baseUrl: string
  close(): Promise<void>
}

export async function startGeminiTestServer(): Promise<RunningServer> {
  const gemini = createGeminiTestServer()
  const server: Server = createServer((req, res) => gemini.handle(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
