/**
 * The sandbox frame page: one self-contained HTML file, served by the dev
 * server and emitted by `vite build` as `<base>sandbox-frame.html`.
 *
 * Its script (`src/sandbox/frame/frame-script.ts`, compiled: see
 * `sandbox-assets.ts`) is inlined,
 * so the opaque-origin frame makes no script request of its own, and its
 * Content-Security-Policy travels inside the page (a `<meta>`), so the
 * confinement holds even on a host that cannot set headers. The policy
 * allows the inline script by hash only, and never `unsafe-eval`.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import { frameScript } from './sandbox-assets.ts'

export const SANDBOX_FRAME_FILE = 'sandbox-frame.html'

/**
 * Hosts the worker may fetch packages from when no mirror is vendored: the
 * Pyodide CDN and PyPI's file host. The frame narrows this to exact prefixes
 * at run time; without online packages, nothing outside our origin is needed.
 */
export const PACKAGE_HOSTS = ['https://cdn.jsdelivr.net/pyodide/', 'https://files.pythonhosted.org/packages/'] as const

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64')
}

/** The frame's own policy. `'self'` is the app's origin (the URL the frame was served from), never the opaque one. */
export function sandboxFramePolicy(scriptHash = sha256(frameScript())): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'sha256-${scriptHash}' blob: 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `connect-src 'self' ${PACKAGE_HOSTS.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

export function sandboxFrameHtml(): string {
  const script = frameScript()
  return (
    '<!doctype html>\n<html><head><meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${sandboxFramePolicy(sha256(script))}">\n` +
    '<title>Python sandbox</title>\n' +
    `<script type="module">${script}</script>\n` +
    '</head><body></body></html>\n'
  )
}

export function isSandboxFrameRequest(url: string | undefined, base = '/'): boolean {
  return url !== undefined && url.split('?')[0] === `${base}${SANDBOX_FRAME_FILE}`
}

export function sandboxFrame(): Plugin {
  let base = '/'
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!isSandboxFrameRequest(req.url, base)) return next()
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.setHeader('Cache-Control', 'no-cache')
    res.end(sandboxFrameHtml())
  }
  return {
    name: 'pyodide-code-execution:sandbox-frame',
    configResolved(config) {
      base = config.base
    },
    configureServer(server) {
      server.middlewares.use(serve)
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SANDBOX_FRAME_FILE, source: sandboxFrameHtml() })
    },
  }
}
