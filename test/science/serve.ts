/**
 * Serves the 0.27.7 distribution on the test server as a static host would
 * (long-lived caching, so a second load is a warm one), and the conformance
 * cases from ../shared, read at run time.
 */
import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, resolve } from 'node:path'
import type { Plugin } from 'vite'
import { CONFORMANCE_DIR, CONFORMANCE_PATH, DISTRIBUTION_DIR, DISTRIBUTION_PATH } from './distribution.ts'

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.whl': 'application/zip',
  '.zip': 'application/zip',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
}

export function serveDistribution(): Plugin {
  const roots: [string, string][] = [
    [DISTRIBUTION_PATH, resolve(DISTRIBUTION_DIR)],
    [CONFORMANCE_PATH, resolve(CONFORMANCE_DIR)],
  ]
  return {
    name: 'pyodide-code-execution:test-distribution',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        const [prefix, root] = roots.find(([path]) => url.pathname.startsWith(path)) ?? []
        if (prefix === undefined || root === undefined) return next()
        const file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))))
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
        if (!file.endsWith('.json')) res.setHeader('Cache-Control', 'public, max-age=86400, immutable')
        createReadStream(file).pipe(res)
      })
    },
  }
}
