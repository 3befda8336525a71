/**
 * Where the sandbox's worker script is served.
 *
 * In this repository Vite builds the worker from `worker/main.ts` (a module
 * graph under the dev server, one file under `assets/` in a build). The
 * published package replaces this module with `worker-url.package.ts`, whose
 * worker is prebuilt and served by the Vite plugin or `copy-assets`.
 */
import viteWorkerURL from '../../worker/main.ts?worker&url'

/** The worker's URL, relative to the page or absolute. */
export const workerURL: string = viteWorkerURL
