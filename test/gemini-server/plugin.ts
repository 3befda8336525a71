/**
 * Mounts the strict Gemini test server on the Vite dev server (and so on the
 * Vitest browser server) under `/gemini-api/`: same origin as the tests, so
 * no CORS and no cross-origin-isolation trouble. The Live API's WebSocket is
 * served on the same path (`ws://…/gemini-api/ws/…`).
 */
import type { Plugin } from 'vite'
import { createGeminiTestServer } from './handler.ts'

export const GEMINI_TEST_PATH = '/gemini-api'

export function geminiTestServer(): Plugin {
  return {
    name: 'pyodide-code-execution:gemini-test-server',
    // Pre-bundled up front: discovering the SDK mid-run makes Vite reload the test page.
    config: () => ({ optimizeDeps: { include: ['@google/genai', 'google-genai-2'] } }),
    configureServer(server) {
      const gemini = createGeminiTestServer()
      server.middlewares.use(GEMINI_TEST_PATH, (req, res, next) => gemini.handle(req, res, next))
      // The Live API's WebSocket; other upgrades (Vite's HMR, Vitest's RPC) are left to their owners.
      server.httpServer?.on('upgrade', (req, socket, head) => {
        const url = req.url ?? ''
        if (url.startsWith(`${GEMINI_TEST_PATH}/`)) gemini.upgrade(req, socket, head, url.slice(GEMINI_TEST_PATH.length))
      })
    },
  }
}
