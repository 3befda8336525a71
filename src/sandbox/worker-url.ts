/**
 * Where the sandbox's worker script is served.
 *
 * In this repository Vite builds the worker from `worker/main.ts` (a module
 * graph under the dev server, one file under `assets/` in a build), so the
 * base URL plays no part. The published package replaces this module with
 * `worker-url.package.ts`, whose worker is prebuilt and served under the base
 * URL by the Vite plugin or `copy-assets`.
 */
import viteWorkerURL from '../../worker/main.ts?worker&url'

/** The worker's absolute URL, given the absolute URL of the folder the sandbox's files are served from. */
export function sandboxWorkerURL(_baseURL: string): string {
  return new URL(viteWorkerURL, location.href).href
}
