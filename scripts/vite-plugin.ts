/**
 * Everything a Vite app needs to serve the sandbox, in one call:
 *
 * ```ts
 * import { pyodideCodeExecution } from 'pyodide-code-execution/vite'
 * export default defineConfig({ plugins: [pyodideCodeExecution()] })
 * ```
 *
 * - the Pyodide core copied from `node_modules/pyodide` and served from your origin;
 * - COOP/COEP on the dev server and `vite preview` (interrupts that keep the interpreter);
 * - the sandbox frame page and the sandbox worker, and `_headers` for static hosts;
 * - the offline service worker, unless `offline: false`.
 */
import type { Plugin } from 'vite'
import { isolationHeaders } from './isolation-headers.ts'
import { pyodideAssets } from './pyodide-assets.ts'
import { sandboxFrame } from './sandbox-frame.ts'
import { sandboxWorker } from './sandbox-worker.ts'
import { serviceWorker } from './service-worker.ts'

/** The app page's own Content-Security-Policy, as a separate plugin: see docs/deployment.md before adding it to your app. */
export { appPagePolicy, pagePolicy } from './page-policy.ts'

export interface PyodideCodeExecutionPluginOptions {
  /** Build the service worker that lets the app work offline after one visit. Default: `true`. */
  offline?: boolean
}

/**
 * The Vite plugin of pyodide-code-execution.
 *
 * @example
 * // vite.config.ts
 * import { defineConfig } from 'vite'
 * import { pyodideCodeExecution } from 'pyodide-code-execution/vite'
 *
 * export default defineConfig({ plugins: [pyodideCodeExecution()] })
 */
export function pyodideCodeExecution(options: PyodideCodeExecutionPluginOptions = {}): Plugin[] {
  return [pyodideAssets(), isolationHeaders(), sandboxFrame(), sandboxWorker(), ...(options.offline === false ? [] : [serviceWorker()])]
}
