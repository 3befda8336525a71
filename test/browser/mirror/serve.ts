/** Serves the test mirrors on the browser tests' own server, as a static host would. */
import { createReadStream, statSync } from 'node:fs'
import { join, normalize } from 'node:path'
import type { Plugin } from 'vite'
import { CORRUPT_MIRROR_PATH, TEST_MIRROR_PATH } from './libraries.ts'
import { CORRUPT_MIRROR_DIR, MIRROR_DIR } from './setup.ts'

const TYPES: Record<string, string> = { '.json': 'application/json', '.whl': 'application/zip', '.zip': 'application/zip' }

export function testMirrors(): Plugin {
  const roots: [string, string][] = [
    [TEST_MIRROR_PATH, MIRROR_DIR],
    [CORRUPT_MIRROR_PATH, CORRUPT_MIRROR_DIR],
  ]
  return {
    name: 'pyodide-code-execution:test-mirrors',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.url ?? '/', 'http://localhost')
        const root = roots.find(([prefix]) => url.pathname.startsWith(prefix))
        if (!root) return next()
        const file = normalize(join(root[1], decodeURIComponent(url.pathname.slice(root[0].length))))
        if (!file.startsWith(normalize(root[1]))) return next()
        let size: number
        try {
          size = statSync(file).size
        } catch {
          res.statusCode = 404
          return res.end()
        }
        res.setHeader('Content-Type', TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream')
        res.setHeader('Content-Length', size)
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin')
        createReadStream(file).pipe(res)
      })
    },
  }
}
