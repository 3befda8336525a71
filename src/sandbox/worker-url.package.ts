/**
 * Where the sandbox's worker script is served, in the published package.
 *
 * `scripts/build-package.mjs` puts this module in place of `worker-url.ts`
 * and fills in the built worker's file name (it carries a content hash, so a
 * new version of the package never meets a cached old worker). The Vite
 * plugin serves the file at this path under the app's base URL;
 * `npx pyodide-code-execution copy-assets <dir>` writes it there.
 */
declare const __SANDBOX_WORKER_PATH__: string

// Outside Vite `import.meta.env` is undefined, and the files sit at the site's root.
const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/'

/** The worker's URL, relative to the page. */
export const workerURL: string = `${base}${__SANDBOX_WORKER_PATH__}`
