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

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64')
}

/**
 * The base64 sha256 of the frame's inline script. A page with a policy of its
 * own must allow it too: a `srcdoc` frame inherits its parent's policy.
 */
export function sandboxFrameScriptHash(): string {
  return sha256(frameScript())
}

/**
 * The frame's own policy. Chromium reads `'self'` as the app's origin (the URL
 * the frame was served from); Firefox reads it as the frame's opaque origin,
 * which matches nothing. A build needs neither (its worker's code and files
 * come through the main thread), but under the dev server the worker imports
 * Vite's modules from the app's origin itself, so the dev server names that
 * origin: in Chromium this adds nothing `'self'` did not already allow.
 * `connect-src 'none'`: the worker's files come through the main thread's
 * asset relay, so nothing may connect directly. `blob:` and `data:`: WebKit
 * starts the worker and its modules from `data:` URLs only (see
 * `frame-script.ts`); neither lets the frame load anything from elsewhere.
 */
export function sandboxFramePolicy(scriptHash = sha256(frameScript()), appOrigin?: string): string {
  const ownOrigin = appOrigin === undefined ? "'self'" : `'self' ${appOrigin}`
  return [
    "default-src 'none'",
    // blob: or data: for the worker's code, whichever the browser starts workers from; the frame narrows it to that one.
    `script-src ${ownOrigin} 'sha256-${scriptHash}' blob: data: 'wasm-unsafe-eval'`,
    // Firefox checks the modules a worker's module imports against worker-src, not script-src.
    `worker-src ${appOrigin === undefined ? '' : `${appOrigin} `}blob: data:`,
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/** The frame page; `appOrigin` (dev server only) is written into its policy beside `'self'`. */
export function sandboxFrameHtml(appOrigin?: string): string {
  const script = frameScript()
  return (
    '<!doctype html>\n<html><head><meta charset="utf-8">\n' +
    `<meta http-equiv="Content-Security-Policy" content="${sandboxFramePolicy(sha256(script), appOrigin)}">\n` +
    '<title>Python sandbox</title>\n' +
    `<script type="module">${script}</script>\n` +
    '</head><body></body></html>\n'
  )
}

export function isSandboxFrameRequest(url: string | undefined, base = '/'): boolean {
  return url !== undefined && url.split('?')[0] === `${base}${SANDBOX_FRAME_FILE}`
}

/**
 * The origin the page asked from, as a CSP source: the scheme the server
 * speaks and the request's `Host`, only when that is a plain host[:port]
 * (anything else could smuggle more sources into the policy).
 */
export function requestOrigin(host: string | undefined, https: boolean): string | undefined {
  if (host === undefined || !/^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(host)) return undefined
  return `${https ? 'https' : 'http'}://${host.toLowerCase()}`
}

export function sandboxFrame(): Plugin {
  let base = '/'
  let https = false
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!isSandboxFrameRequest(req.url, base)) return next()
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    res.setHeader('Cache-Control', 'no-cache')
    res.end(sandboxFrameHtml(requestOrigin(req.headers.host, https)))
  }
  return {
    name: 'pyodide-code-execution:sandbox-frame',
    configResolved(config) {
      base = config.base
      https = Boolean(config.server.https)
    },
    configureServer(server) {
      server.middlewares.use(serve)
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SANDBOX_FRAME_FILE, source: sandboxFrameHtml() })
    },
  }
}
