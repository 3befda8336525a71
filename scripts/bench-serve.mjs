// Serves a folder under a path of the benchmark's dev server, as a static
// host would: long-lived caching, so a second load comes from the browser cache.
import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, resolve } from 'node:path'

const TYPES = { '.json': 'application/json', '.whl': 'application/zip', '.zip': 'application/zip', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' }

export function serveFolder(prefix, dir) {
  const root = resolve(dir)
  return {
    name: 'pyodide-code-execution:bench-folder',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        if (!url.pathname.startsWith(prefix)) return next()
        const file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))))
        if (!file.startsWith(root)) return next()
        let size
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
