/**
 * Serves the prebuilt sandbox worker of the published package: from the
 * package folder under the dev server, and as a file of the build.
 *
 * In this repository there is none to serve: Vite builds the worker from
 * `worker/main.ts` itself (see `src/sandbox/worker-url.ts`).
 */
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import { prebuiltWorker } from './sandbox-assets.ts'

export function sandboxWorker(): Plugin {
  let base = '/'
  return {
    name: 'pyodide-code-execution:sandbox-worker',
    configResolved(config) {
      base = config.base
    },
    configureServer(server) {
      const worker = prebuiltWorker
      if (!worker) return
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `${base}${worker.path}`) return next()
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8')
        res.setHeader('Cache-Control', 'no-cache')
        res.end(readFileSync(worker.file))
      })
    },
    generateBundle() {
      if (prebuiltWorker) this.emitFile({ type: 'asset', fileName: prebuiltWorker.path, source: readFileSync(prebuiltWorker.file) })
    },
  }
}
