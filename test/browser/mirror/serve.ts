/** Serves the test mirrors on the browser tests' own server, as a static host would. */
import { readFile } from 'node:fs/promises'
import { join, normalize, resolve, sep } from 'node:path'
import type { Connect, Plugin } from 'vite'
import { serveFolders } from '../../../scripts/serve-folders.mjs'
import { CORRUPT_MIRROR_PATH, SLOW_MIRROR_PATH, TEST_MIRROR_PATH } from './libraries.ts'
import { CORRUPT_MIRROR_DIR, MIRROR_DIR } from './setup.ts'

export function testMirrors(): Plugin[] {
  return [
    serveFolders('pyodide-code-execution:test-mirrors', [
      [TEST_MIRROR_PATH, MIRROR_DIR],
      [CORRUPT_MIRROR_PATH, CORRUPT_MIRROR_DIR],
    ]),
    {
      name: 'pyodide-code-execution:slow-test-mirror',
      configureServer: (server) => void server.middlewares.use(slowMirror),
    },
  ]
}

/** Bytes per piece, and the pause after each, of a wheel from the slow mirror: a download of a second or so. */
const PIECE = 8 * 1024
const PAUSE_MS = 150

/** The test mirror again, its wheels sent piece by piece like a slow network's; the lock at once. */
const slowMirror: Connect.NextHandleFunction = (req, res, next) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  if (!path.startsWith(SLOW_MIRROR_PATH)) return next()
  const root = resolve(MIRROR_DIR)
  const file = normalize(join(root, decodeURIComponent(path.slice(SLOW_MIRROR_PATH.length))))
  if (!file.startsWith(root + sep)) return next()
  void readFile(file).then(
    async (bytes) => {
      res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/zip')
      res.setHeader('Content-Length', bytes.length)
      if (file.endsWith('.json')) return res.end(bytes)
      for (let start = 0; start < bytes.length && !res.destroyed; start += PIECE) {
        res.write(bytes.subarray(start, start + PIECE))
        await new Promise((wake) => setTimeout(wake, PAUSE_MS))
      }
      res.end()
    },
    () => {
      res.statusCode = 404
      res.end()
    },
  )
}
