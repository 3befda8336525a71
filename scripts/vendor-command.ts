/**
 * `npx pyodide-code-execution vendor <dir>`: the package's version of
 * `npm run vendor`. Downloads the supported libraries into a mirror at
 * `<dir>` (serve it as `<base>packages/`), so that they load from the app's
 * origin, offline included, instead of from Pyodide's CDN and PyPI.
 */
import { createRequire } from 'node:module'
import { createReporter } from './vendor/progress.mjs'
import { vendor } from './vendor/run.mjs'
import { PACKAGE_DATA } from './sandbox-assets.ts'

export interface VendorCommandOptions {
  /** Libraries to vendor (with their dependencies). Default: all. */
  only?: string[]
  /** Download cache. Default: `node_modules/.cache/pyodide-code-execution/wheels`. */
  cacheDir?: string
}

/** Resolves with the exit code: 0 all vendored, 1 some failed (the rest is kept and the lock written). */
export async function vendorCommand(dir: string, options: VendorCommandOptions = {}): Promise<number> {
  const pyodideLock = createRequire(import.meta.url).resolve('pyodide/pyodide-lock.json')
  const summary = await vendor(
    {
      out: dir,
      ...(options.only ? { only: options.only } : {}),
      cacheDir: options.cacheDir ?? 'node_modules/.cache/pyodide-code-execution/wheels',
      pyodideLock,
      pypiLock: PACKAGE_DATA.pypiLock,
      libraries: PACKAGE_DATA.libraries,
      bytecodeCompiler: PACKAGE_DATA.bytecodeCompiler,
    },
    createReporter(),
  )
  return summary.exitCode
}
