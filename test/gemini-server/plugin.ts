/**
 * Mounts the strict Gemini test server on the Vite dev server (and so on the
 * Vitest browser server) under `/gemini-api/`: same origin as the tests, so
 * no CORS and no cross-origin-isolation trouble.
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
    },
  }
}
