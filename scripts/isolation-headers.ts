/**
 * Cross-origin isolation for the dev server and `vite preview`.
 *
 * COOP + COEP make the page `crossOriginIsolated`, which is what lets the
 * sandbox share a SharedArrayBuffer with its worker and interrupt a run
 * without killing the interpreter. Without them everything still works, but
 * the watchdog's only stop is terminating the worker.
 */
import type { Plugin } from 'vite'

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const

export function isolationHeaders(enabled = true): Plugin {
  const addHeaders = (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (enabled) for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value)
    next()
  }
  return {
    name: 'pyodide-code-execution:isolation-headers',
    configureServer(server) {
      server.middlewares.use(addHeaders)
    },
    configurePreviewServer(server) {
      server.middlewares.use(addHeaders)
    },
  }
}
