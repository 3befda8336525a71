/**
 * A small static file server for the plain-page test: it sends the headers of
 * a `_headers` file (the Netlify / Cloudflare Pages format that `copy-assets`
 * writes), so the page gets exactly what the docs tell a host to send.
 */
import { readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
}

interface HeaderRule {
  pattern: RegExp
  headers: [string, string][]
}

/** Parses `_headers`: a path (with `*` for any rest) on its own line, then indented `Name: value` lines. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    if (!/^\s/.test(line)) {
      const pattern = new RegExp(`^${line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
      rules.push({ pattern, headers: [] })
    } else {
      const colon = line.indexOf(':')
      rules.at(-1)?.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()])
    }
  }
  return rules
}

/** Serves `roots` (URL prefix → folder); resolves with the server and its URL. */
export async function serveStatic(roots: Record<string, string>, headersFile: string): Promise<{ server: Server; url: string }> {
  const rules = parseHeadersFile(readFileSync(headersFile, 'utf8'))
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
    const prefix = Object.keys(roots).filter((root) => path.startsWith(root)).sort((a, b) => b.length - a.length)[0]
    const relative = prefix === undefined ? undefined : normalize(path.slice(prefix.length) || 'index.html')
    if (prefix === undefined || relative === undefined || relative.startsWith('..')) return void res.writeHead(404).end()
    let file = join(roots[prefix]!, relative)
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html')
      const body = readFileSync(file)
      for (const rule of rules) if (rule.pattern.test(path)) for (const [name, value] of rule.headers) res.setHeader(name, value)
      res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
}
