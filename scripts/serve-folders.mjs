// Serves folders of files under URL paths of a Vite dev or preview server, as a static host would: the benchmark's
// Pyodide distribution, the browser tests' package mirrors, the science tests' distribution and cases.
import { createReadStream, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES = {
  '.json': 'application/json',
  '.whl': 'application/zip',
  '.zip': 'application/zip',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
}

/** @type {import('./serve-folders.d.mts').serveFolders} */
export function serveFolders(name, folders, { immutable = false, pace } = {}) {
  const roots = folders.map(([prefix, dir]) => [prefix, resolve(dir)])
  const serve = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const [prefix, root] = roots.find(([path]) => url.pathname.startsWith(path)) ?? []
    if (prefix === undefined || root === undefined) return next()
    const file = normalize(join(root, decodeURIComponent(url.pathname.slice(prefix.length))))
    if (!file.startsWith(root + sep)) return next()
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
    // Long-lived caching makes a second load a warm one; locks stay fresh.
    if (immutable && !file.endsWith('.json')) res.setHeader('Cache-Control', 'public, max-age=86400, immutable')
    if (pace && !file.endsWith('.json')) return void sendPaced(file, res, pace).catch(() => res.destroy())
    createReadStream(file).pipe(res)
  }
  return {
    name,
    configureServer(server) {
      server.middlewares.use(serve)
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve)
    },
  }
}

/** Sends the file `pace.bytes` at a time with `pace.pauseMs` after each piece, as a slow network would deliver it. */
async function sendPaced(file, res, pace) {
  const bytes = await readFile(file)
  for (let start = 0; start < bytes.length && !res.destroyed; start += pace.bytes) {
    res.write(bytes.subarray(start, start + pace.bytes))
    await new Promise((wake) => setTimeout(wake, pace.pauseMs))
  }
  res.end()
}
