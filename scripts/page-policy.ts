/**
 * The app page's own Content-Security-Policy, as a `<meta>` Vite writes into
 * `index.html` (so it holds on any static host, headers or not).
 *
 * What it is for: nothing but the app's own scripts runs in the app's origin.
 * No inline script, no `eval`, no plugin objects, no `<base>` rewriting: a
 * file the sandbox wrote cannot become script here even if some path let its
 * markup in.
 *
 * What it must allow, and why:
 * - The sandbox frame is a `srcdoc` document, and a `srcdoc` document inherits
 *   its parent's policy: its inline script (by hash), the `blob:` worker it
 *   starts (`data:` in WebKit, which loads no `blob:` worker or module in an
 *   opaque-origin frame of an isolated page) and Pyodide's WebAssembly
 *   (`'wasm-unsafe-eval'`). `data:` lets no script of another origin in; what
 *   it adds is that injected markup could name a script by its text, which
 *   the app's sanitising and its other directives are there to prevent.
 * - `connect-src`: the app's origin, `blob:` (the app reading back a file it
 *   offered for download: only blobs this page made can be read), the relay's
 *   package hosts and the Gemini
 *   API or a proxy the user configures (any `https:` origin, or `http:` on
 *   localhost, as the chat's settings accept).
 * - `style-src 'unsafe-inline'`: the chat injects a `<style>` element and Vite
 *   injects CSS the same way under the dev server; styles cannot run script.
 * - Under the dev server only: `ws:` for Vite's hot-reload socket, and the
 *   local origins for the worker's modules (WebKit reads `'self'` as the
 *   worker's own opaque origin).
 */
import type { Plugin } from 'vite'
import { sandboxFrameScriptHash } from './sandbox-frame.ts'

export interface PagePolicyOptions {
  /** The Vite dev server's variant: adds its hot-reload socket. */
  dev: boolean
}

export function appPagePolicy({ dev }: PagePolicyOptions): string {
  // CSP has no syntax for IPv6 literals: a proxy on [::1] must be named as localhost.
  const localhost = 'http://localhost:* http://127.0.0.1:*'
  // Under the dev server the sandbox's worker imports Vite's modules itself, and WebKit reads the inherited
  // 'self' as the worker's opaque origin: the dev server's local origins are named too.
  const devModules = dev ? ` ${localhost}` : ''
  return [
    "default-src 'self'",
    `script-src 'self'${devModules} 'sha256-${sandboxFrameScriptHash()}' blob: data: 'wasm-unsafe-eval'`,
    `worker-src 'self'${devModules} blob: data:`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' blob: https: ${localhost}${dev ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ')
}

/** Writes the policy into every HTML entry Vite serves or builds. */
export function pagePolicy(): Plugin {
  let dev = false
  return {
    name: 'pyodide-code-execution:page-policy',
    configResolved(config) {
      dev = config.command === 'serve'
    },
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: appPagePolicy({ dev }) }, injectTo: 'head-prepend' }]
    },
  }
}
