/** Types for the parts of run.mjs that TypeScript callers (the tests) use. */
export interface VendorResult {
  key: string
  status: 'vendored' | 'present' | 'failed' | (string & {})
  source?: string
  fileName?: string
  sha256?: string
  reason?: string
}

export interface RefusedFile {
  file: string
  reason: string
}

export interface VendorSummary {
  results: VendorResult[]
  /** Files of the --from folder that are not this release's (another release, ABI, or a wrong sha256). */
  refused: RefusedFile[]
  /** With --from: where the core files came from, and which are missing. */
  core?: { dir: string | undefined; files: string[]; missing: string[] }
  /** Bytecode bundles in the mirror, how many were compiled in this run, and why some or all were not made. */
  bytecode: { bundles: number; compiled: number; skipped?: string }
  lockPath: string
  exitCode: 0 | 1
}

export interface VendorReporter {
  start(info: unknown): void
  packageStart(key: string): void
  bytes(...args: unknown[]): void
  packageDone(result: VendorResult): void
  finish(summary: VendorSummary): void
}

export interface VendorOptions {
  only?: readonly string[]
  out?: string
  indexUrl?: string
  cdnUrl?: string
  cacheDir?: string
  timeoutMs?: number
  concurrency?: number
  /** A folder of one Pyodide release's files to take packages from first. */
  from?: string
  /** The release's core files (pyodide.mjs, ...), with `from`. */
  core?: string
  /**
   * Bytecode bundles for the vendored wheels (scripts/vendor/bytecode.mjs): all of them (true, the default), none
   * (false), or those of these libraries and their dependencies.
   */
  bytecode?: boolean | readonly string[]
  /** Where scripts/vendor/compile_wheel.py is, when not beside the vendor's own files (the package's command line). */
  bytecodeCompiler?: string
  /** Inputs: Pyodide's lock, our PyPI extras' lock and the library table. Default: this repository's. */
  pyodideLock?: string
  pypiLock?: string
  libraries?: string
}

export const DEFAULTS: Readonly<Required<Omit<VendorOptions, 'from' | 'core' | 'bytecodeCompiler'>>>
export class UsageError extends Error {}
export function vendor(options: VendorOptions, reporter: VendorReporter): Promise<VendorSummary>
