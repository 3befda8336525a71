/**
 * Where the sandbox's worker script is served, in the published package.
 *
 * `scripts/build-package.mjs` puts this module in place of `worker-url.ts`
 * and fills in the built worker's path (its name carries a content hash, so a
 * new version of the package never meets a cached old worker). The Vite
 * plugin serves the file at that path under the app's base URL;
 * `npx pyodide-code-execution copy-assets <dir>` writes it there.
 */
declare const __SANDBOX_WORKER_PATH__: string

/** The worker's absolute URL, given the absolute URL of the folder the sandbox's files are served from. */
export function sandboxWorkerURL(baseURL: string): string {
  return new URL(__SANDBOX_WORKER_PATH__, baseURL).href
}
