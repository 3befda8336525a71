/**
 * A plain static host for the built app, resolving paths the way Python's
 * `http.server` does (and nginx, near enough): it percent-decodes the whole
 * path, `%2F` included, then resolves dot segments, and only then looks for a
 * file. So `/pyodide/..%2fsecret.txt` is `/secret.txt` here, as it is on many
 * real hosts and never on Vite's servers.
 *
 * It applies the build's own `_headers` file (as Netlify and Cloudflare Pages
 * do), serves the app-endpoint stand-ins of `test/observer` after resolving
 * (so a traversal that reaches a secret is recorded), and logs every path it
 * resolved.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, posix } from 'node:path'
import { appEndpointStandIns } from '../observer/plugin.ts'
import type { Observer } from '../observer/server.ts'

export interface StaticHost {
  /** `http://127.0.0.1:<port>/` */
  url: string
  /** Every path as the host resolved it, in order. */
  resolved: string[]
  /** Extra documents served as they are, with no headers of the build (e.g. a page without a policy). */
  serveRaw(path: string, html: string): void
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.whl': 'application/zip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
}

/** Python's `SimpleHTTPRequestHandler.translate_path`, on URL paths: decode everything, then resolve. */
export function resolveLikePython(rawPath: string): string {
  const path = rawPath.split('?')[0]!.split('#')[0]!
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    decoded = path
  }
  const words = posix.normalize(decoded).split('/').filter((word) => word !== '' && word !== '.' && word !== '..')
  return `/${words.join('/')}${decoded.endsWith('/') && words.length > 0 ? '/' : ''}`
}

type HeaderRule = { pattern: string; headers: [string, string][] }

/** Netlify's `_headers` format: a path pattern, then indented `Name: value` lines. */
function readHeaderRules(root: string): HeaderRule[] {
  const rules: HeaderRule[] = []
  for (const line of readFileSync(join(root, '_headers'), 'utf8').split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: [] })
    else {
      const colon = line.indexOf(':')
      rules.at(-1)?.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
    }
  }
  return rules
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern
}

export async function startStaticHost(root: string, observer: Observer): Promise<StaticHost> {
  const rules = readHeaderRules(root)
  const standIns = appEndpointStandIns(async () => observer)
  const raw = new Map<string, string>()
  const resolved: string[] = []

  const serveFile = (path: string, res: ServerResponse) => {
    let file = join(root, path)
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html')
      const { size } = statSync(file)
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size })
      createReadStream(file).pipe(res)
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = resolveLikePython(req.url ?? '/')
    resolved.push(path)
    const page = raw.get(path)
    if (page !== undefined) return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(page)
    for (const rule of rules) if (matches(rule.pattern, path)) for (const [name, value] of rule.headers) res.setHeader(name, value)
    req.url = path
    standIns(req, res, () => serveFile(path, res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    resolved,
    serveRaw: (path, html) => void raw.set(path, html),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
