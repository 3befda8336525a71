/**
 * The sandbox's own files, as this repository makes them: from source, on
 * demand, so the dev server always serves the current code.
 *
 * The published package replaces this module with `sandbox-assets.package.ts`,
 * which reads the same files prebuilt by `scripts/build-package.mjs`: a user's
 * app needs neither TypeScript nor Workbox to serve them.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { build } from 'vite'
import { DEFAULT_CDN_URL } from '../src/packages/lock-core.mjs'

/** A worker file built ahead of time, which the plugin serves at `path` under the app's base URL. */
export interface PrebuiltWorker {
  /** Relative to the base URL, e.g. `python-sandbox/worker.1a2b3c4d.js`. */
  path: string
  /** Where it is on disk. */
  file: string
}

const FRAME_SCRIPT_SOURCE = fileURLToPath(new URL('../src/sandbox/frame/frame-script.ts', import.meta.url))
const SERVICE_WORKER_SOURCE = fileURLToPath(new URL('../src/sw.ts', import.meta.url))

/** The frame page's script as JavaScript, to be inlined into the page. */
export function frameScript(): string {
  const { outputText } = ts.transpileModule(readFileSync(FRAME_SCRIPT_SOURCE, 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  })
  return outputText.replace(/^\/\/# sourceMappingURL=.*$/m, '').trim()
}

/** The library table and the PyPI extras' lock, which `vendor` reads. */
export const PACKAGE_DATA = {
  libraries: fileURLToPath(new URL('../src/packages/libraries.json', import.meta.url)),
  pypiLock: fileURLToPath(new URL('../src/packages/pypi-lock.json', import.meta.url)),
  bytecodeCompiler: fileURLToPath(new URL('./vendor/compile_wheel.py', import.meta.url)),
}

/** Here Vite builds the worker from `worker/main.ts` like any other (see `src/sandbox/worker-url.ts`). */
export const prebuiltWorker: PrebuiltWorker | undefined = undefined

/** Builds the offline service worker into `outDir/fileName`; `self.__WB_MANIFEST` is left for the caller to fill in. */
export async function writeServiceWorker(outDir: string, fileName: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    define: {
      __PYODIDE_CDN_URL__: JSON.stringify(DEFAULT_CDN_URL),
      'process.env.NODE_ENV': '"production"', // Workbox's production build: no debug logging
    },
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      lib: { entry: SERVICE_WORKER_SOURCE, formats: ['iife'], name: 'serviceWorker', fileName: () => fileName },
    },
  })
}
