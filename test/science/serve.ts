/** Serves the 0.27.7 distribution on the test server, as a static host would. */
import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, resolve } from 'node:path'
import type { Plugin } from 'vite'
import { DISTRIBUTION_DIR, DISTRIBUTION_PATH } from './distribution.ts'

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.whl': 'application/zip',
  '.zip': 'application/zip',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
}

export function serveDistribution(): Plugin {
  const root = resolve(DISTRIBUTION_DIR)
  return {
    name: 'pyodide-code-execution:test-distribution',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        if (!url.pathname.startsWith(DISTRIBUTION_PATH)) return next()
        const file = normalize(join(root, decodeURIComponent(url.pathname.slice(DISTRIBUTION_PATH.length))))
        if (!file.startsWith(root)) return next()
        let size: number
        try {
          size = statSync(file).size
        } catch {
          res.statusCode = 404
          return res.end()
        }
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
        res.setHeader('Content-Length', size)
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin')
        createReadStream(file).pipe(res)
      })
    },
  }
}
