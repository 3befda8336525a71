/**
 * The app page's own Content-Security-Policy, as `<meta>` elements Vite
 * writes into `index.html` (so it holds on any static host, headers or not).
 * docs/deployment.md quotes what this writes; a unit test keeps them equal.
 *
 * What it is for: nothing but the app's own scripts runs in the app's origin,
 * and the page talks to no host but its own, Gemini's, the package hosts and
 * the proxy the user chose. No inline script but two by hash, no `eval`, no
 * plugin objects, no `<base>` rewriting: a file the sandbox wrote cannot
 * become script here even if some path let its markup in.
 *
 * It is two policies, both enforced:
 * - `appPagePolicy()`: every fetch directive but `connect-src`, and no
 *   `default-src` (it would also stand for `connect-src`, and a second
 *   policy can only narrow what the first allows);
 * - `connect-src`: the app's origin, `blob:` (the app reading back a file it
 *   offered for download: only blobs this page made can be read), the
 *   Gemini API, and the two package hosts the main thread's relay fetches
 *   from when no mirror is vendored (`src/sandbox/frame/asset-allow-list.ts`).
 *   With `proxyStorageKey`, a hashed bootstrap script, first in the head,
 *   adds the origin of the proxy URL stored under that key, so a proxy set in
 *   Settings works after the reload the app does when it changes.
 *
 * What it must allow, and why:
 * - The sandbox frame is a `srcdoc` document, and a `srcdoc` document inherits
 *   its parent's policy, as does the worker it starts: its inline script (by
 *   hash), that worker (`worker-src blob:`, or `data:` in WebKit, which loads
 *   no `blob:` worker or module in an opaque-origin frame of an isolated
 *   page), Pyodide's WebAssembly (`'wasm-unsafe-eval'`), and `script-src
 *   blob:` (`data:` in WebKit), the one need for it: the worker imports its own
 *   code and Pyodide's modules as `blob:` (or `data:`) module URLs, made from
 *   bytes the main thread relays (`worker/pyodide-core.ts`), and those imports
 *   are checked against this page's `script-src` too. `data:` lets no script
 *   of another origin in; what it adds is that injected markup could name a
 *   script by its text, which the app's sanitising and its other directives
 *   are there to prevent. The frame narrows its own copy to the one scheme
 *   the browser starts workers from (`frame-script.ts`).
 * - `style-src 'unsafe-inline'`: the chat injects a `<style>` element and Vite
 *   injects CSS the same way under the dev server; styles cannot run script.
 * - Under the dev server only: `ws:` for Vite's hot-reload socket, and the
 *   local origins for the worker's modules (WebKit reads `'self'` as the
 *   worker's own opaque origin).
 *
 * `frame-ancestors` cannot be set by a `<meta>`: it is a header, with
 * `X-Frame-Options` (`scripts/isolation-headers.ts`).
 */
import { createHash } from 'node:crypto'
import type { Plugin } from 'vite'
import { DEFAULT_CDN_URL } from '../src/packages/lock-core.mjs'
import { PYPI_FILES } from '../src/sandbox/frame/asset-allow-list.ts'
import { sandboxFrameScriptHash } from './sandbox-frame.ts'

/** Where `@google/genai` sends requests when no proxy is set. */
export const GEMINI_API_ORIGIN = 'https://generativelanguage.googleapis.com'

export interface PagePolicyOptions {
  /** The Vite dev server's variant: adds its hot-reload socket. */
  dev: boolean
  /**
   * A localStorage key holding a proxy URL the page may also connect to (the
   * demo app's `gemini-chat.base-url`). Default: none, and `connect-src` is
   * fixed.
   */
  proxyStorageKey?: string
}

/** `connect-src` without a proxy. */
export function connectPolicy({ dev }: Pick<PagePolicyOptions, 'dev'>): string {
  return `connect-src 'self' blob: ${GEMINI_API_ORIGIN} ${DEFAULT_CDN_URL} ${PYPI_FILES}${dev ? ' ws: wss:' : ''}`
}

/**
 * The script that writes `connect-src` with the stored proxy's origin. Only
 * an `https:` origin, or `http:` on localhost (as Settings accepts), and only
 * a plain host name: nothing stored can add a directive or a wildcard. CSP
 * has no syntax for IPv6 literals, so a proxy on `[::1]` must be named as
 * localhost.
 */
export function connectBootstrap(options: PagePolicyOptions & { proxyStorageKey: string }): string {
  return (
    `(()=>{let p='';try{const u=new URL(localStorage.getItem(${JSON.stringify(options.proxyStorageKey)})||'');` +
    `if(/^(https:\\/\\/[a-z0-9.-]+|http:\\/\\/(localhost|127\\.0\\.0\\.1))(:\\d+)?$/.test(u.origin))p=' '+u.origin}catch{}` +
    `const m=document.createElement('meta');m.httpEquiv='Content-Security-Policy';m.content=${JSON.stringify(connectPolicy(options))}+p;` +
    'document.head.append(m)})()'
  )
}

function hash(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`
}

/** Everything but `connect-src`. */
export function appPagePolicy(options: PagePolicyOptions): string {
  const bootstrap = options.proxyStorageKey === undefined ? '' : ` ${hash(connectBootstrap({ ...options, proxyStorageKey: options.proxyStorageKey }))}`
  // Under the dev server the sandbox's worker imports Vite's modules itself, and WebKit reads the inherited
  // 'self' as the worker's opaque origin: the dev server's local origins are named too.
  const devModules = options.dev ? ' http://localhost:* http://127.0.0.1:*' : ''
  return [
    `script-src 'self'${devModules} 'sha256-${sandboxFrameScriptHash()}'${bootstrap} blob: data: 'wasm-unsafe-eval'`,
    `worker-src 'self'${devModules} blob: data:`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self'",
    "manifest-src 'self'",
    "frame-src 'self'",
    "child-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ')
}

/** The head elements that carry the policy, in order: the policy's `<meta>`, then the `connect-src` (a `<meta>`, or the bootstrap). */
export function pagePolicyHtml(options: PagePolicyOptions): string {
  const meta = (content: string) => `<meta http-equiv="Content-Security-Policy" content="${content.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`
  const connect =
    options.proxyStorageKey === undefined
      ? meta(connectPolicy(options))
      : `<script>${connectBootstrap({ ...options, proxyStorageKey: options.proxyStorageKey })}</script>`
  return `${meta(appPagePolicy(options))}\n${connect}`
}

/**
 * Writes the policy into every HTML entry Vite serves or builds: right after
 * `<meta charset>` (which must stay in the first 1024 bytes), before any
 * script or style the policy governs; first in the head if there is none.
 */
export function pagePolicy(options: Omit<PagePolicyOptions, 'dev'> = {}): Plugin {
  let dev = false
  return {
    name: 'pyodide-code-execution:page-policy',
    configResolved(config) {
      dev = config.command === 'serve'
    },
    transformIndexHtml(html) {
      const policy = pagePolicyHtml({ ...options, dev })
      const charset = /<meta\s+charset[^>]*>/i.exec(html)
      if (charset !== null) return html.slice(0, charset.index + charset[0].length) + policy + html.slice(charset.index + charset[0].length)
      return html.replace(/<head[^>]*>/i, (head) => head + policy)
    },
  }
}
