/** Options of `PythonSandbox`, each with its default, resolved once. */
import type { ImageLimits, OutputFileLimits } from '../protocol.ts'
import type { WorkerHostFactory } from './worker-host.ts'
import { DEFAULT_MAX_SOURCE_BYTES } from '../../worker/source-size.ts'

/** Caps on the files the app puts into the working directory. */
export interface InputFileLimits {
  /** Largest single file, in bytes. Default: 50 MiB. */
  maxFileBytes: number
  /** All input files together, in bytes. Default: 200 MiB. */
  maxTotalBytes: number
}

export interface SandboxOptions {
  /** Deadline of each run in milliseconds, unless the run sets its own. Default: `30_000`. */
  timeoutMs?: number
  /**
   * After interrupting a run at its deadline, how long to wait for it to end
   * before terminating the worker. Default: `1_000`. Counted in short ticks of
   * the page's timers, so on a machine too busy to run them on time it lasts
   * longer: a starved worker that is unwinding is not one that ignores the signal.
   */
  interruptGraceMs?: number
  /**
   * Limit on loading the packages a run imports, before its code starts (the
   * code's own deadline, `timeoutMs`, starts after), and on loading Python
   * itself when a worker starts. Default: `120_000`.
   */
  packageLoadTimeoutMs?: number
  /**
   * How long the worker may take to take up a run or answer a call about
   * files. A worker that does not is stuck (code from an earlier run left
   * JavaScript busy behind it, and interrupting it did not help or was not
   * possible) and is replaced: the run's code runs on the new worker, with
   * `stateLost` and a note saying why; a file call is made again there.
   * Default: `5_000` for a run; file calls get at least 30 s, since large
   * files take time to copy.
   */
  responseTimeoutMs?: number
  /**
   * stdout + stderr kept per run, in bytes of UTF-8; a failed run's traceback
   * and error message are each cut to the same size. Default: `65_536` (64 KiB).
   */
  outputLimitBytes?: number
  /**
   * Largest code one run accepts, in bytes of UTF-8. Larger code fails at once
   * with error type `'SourceTooLarge'` and none of it runs: reading it, finding
   * its imports and compiling it all happen before the code can be interrupted.
   * Default: `1_048_576` (1 MiB).
   */
  maxSourceBytes?: number
  /**
   * URL of the folder that serves the Pyodide core (`pyodide.mjs`, ...).
   * Default: `pyodide/` under the app's base URL, where the Vite config puts it.
   */
  indexURL?: string | URL
  /**
   * URL of the self-hosted package mirror written by `npm run vendor`. When it
   * holds no lock file, packages load online from Pyodide's CDN and PyPI.
   * Default: `packages/` under the app's base URL.
   */
  packagesURL?: string | URL
  /**
   * URL of a whole Pyodide distribution you host yourself, in Pyodide's own
   * `indexURL` convention: the core files (`pyodide.mjs`, ...), its
   * `pyodide-lock.json` and the package files beside them, as in an unpacked
   * release or the folder `npm run vendor -- --from <release folder>` writes.
   * Releases 314.x and 0.27.x are supported. The core and every package come
   * from there, under the same sha256 checks, isolation and offline relay;
   * the libraries offered (to the import guard and the model) are those its
   * lock can load. Sets both `indexURL` and `packagesURL`, so it cannot be
   * combined with either. Default: unset.
   *
   * @example new PythonSandbox({ distributionURL: '/pyodide-0.27.7/' })
   */
  distributionURL?: string | URL
  /**
   * Interrupt runs through a SharedArrayBuffer when the page is cross-origin
   * isolated, so a deadline can stop code without losing the interpreter.
   * Default: `true` (it has no effect without isolation).
   */
  interrupts?: boolean
  /**
   * Keep a spare worker, started in the background exactly like the first,
   * so that a run that had to replace its worker (a deadline the code did not
   * honour, a crash, running out of memory) or `reset()` continues at once
   * instead of waiting for a cold start of Python. The spare is started once
   * the sandbox has been idle for a moment after a run or after a worker was
   * replaced; it costs the memory of a second interpreter.
   * With `false`, a standby takes its place: a worker that has fetched
   * Pyodide's files but not started Python (about 60 % of a spare's memory),
   * and starts it from the memory snapshot (`snapshot`) when it takes over.
   * Default: `true`.
   */
  spare?: boolean
  /**
   * Take a memory snapshot of Python right after its first cold start (before
   * any code runs) and start every later worker (a replacement, the spare)
   * from it: a restart then skips most of a cold start. The snapshot is a
   * copy of the interpreter's heap (about 30 MB): kept in Cache Storage with
   * `cacheSnapshot`, and read back at each start, else kept on the page.
   * Needs Pyodide 0.28 or later; with 0.27 every start is cold. Default: `true`.
   */
  snapshot?: boolean
  /**
   * Also keep that snapshot in the app's Cache Storage (the page's origin,
   * never the sandbox's), so the first start of the next visit restores it.
   * It is used only with the same Pyodide release and lock; a stale one is
   * replaced. Costs the snapshot's size in the origin's storage (about the
   * interpreter's heap), and saves the page that much memory. No effect when
   * `snapshot` is false. Default: `true`.
   */
  cacheSnapshot?: boolean
  /** Caps on files put into the working directory. Defaults: 50 MiB a file, 200 MiB in all. */
  inputFiles?: Partial<InputFileLimits>
  /**
   * Caps on the files a run created or changed that come back with its result.
   * Defaults: 20 files, 20 MiB a file, 50 MiB in all. Files over the caps are
   * listed in `omittedFiles`.
   */
  outputFiles?: Partial<OutputFileLimits>
  /** Caps on the images a run returns. Defaults: 10 images, 5 MiB each. */
  images?: Partial<ImageLimits>
  /**
   * Creates the worker host. Default: `createFrameHost`, the worker inside a
   * sandboxed opaque-origin iframe with no network (see docs/deployment.md).
   * `createModuleWorkerHost` runs it as a plain module Worker of the app's
   * origin instead: no isolation, for trusted code only.
   */
  createHost?: WorkerHostFactory
  /**
   * Act on `preload()` hints: load and import the libraries a coming run will
   * likely need while the sandbox is idle, so its code starts sooner. A run
   * waits for at most the one library in progress, and its result never
   * depends on a preload. Costs the memory of those libraries (none past
   * `preloadMaxHeapBytes`); `false` ignores the hints. Default: `true`.
   */
  preload?: boolean
  /** No preload once the interpreter's memory is over this, in bytes. Default: 512 MiB. */
  preloadMaxHeapBytes?: number
}

export interface ResolvedSandboxOptions {
  timeoutMs: number
  packageLoadTimeoutMs: number
  responseTimeoutMs: number
  interruptGraceMs: number
  outputLimitBytes: number
  maxSourceBytes: number
  indexURL: string
  packagesURL: string
  interrupts: boolean
  spare: boolean
  snapshot: boolean
  cacheSnapshot: boolean
  inputFiles: InputFileLimits
  outputFiles: OutputFileLimits
  images: ImageLimits
  createHost: WorkerHostFactory | undefined
  preload: boolean
  preloadMaxHeapBytes: number
}

export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_INTERRUPT_GRACE_MS = 1_000
export const DEFAULT_PACKAGE_LOAD_TIMEOUT_MS = 120_000
export const DEFAULT_RESPONSE_TIMEOUT_MS = 5_000
export const DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024
const MiB = 1024 * 1024
// The worker applies the same default when it is given none.
export { DEFAULT_MAX_SOURCE_BYTES } from '../../worker/source-size.ts'
export const DEFAULT_INPUT_FILES: InputFileLimits = { maxFileBytes: 50 * MiB, maxTotalBytes: 200 * MiB }
export const DEFAULT_OUTPUT_FILES: OutputFileLimits = { maxFiles: 20, maxFileBytes: 20 * MiB, maxTotalBytes: 50 * MiB }
export const DEFAULT_PRELOAD_MAX_HEAP_BYTES = 512 * MiB
export const DEFAULT_IMAGES: ImageLimits = { maxImages: 10, maxImageBytes: 5 * MiB }

export function resolveSandboxOptions(options: SandboxOptions = {}, baseURL = defaultBaseURL()): ResolvedSandboxOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const interruptGraceMs = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS
  const outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES
  checkTimeout('timeoutMs', timeoutMs)
  const packageLoadTimeoutMs = options.packageLoadTimeoutMs ?? DEFAULT_PACKAGE_LOAD_TIMEOUT_MS
  checkTimeout('packageLoadTimeoutMs', packageLoadTimeoutMs)
  const responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS
  checkTimeout('responseTimeoutMs', responseTimeoutMs)
  if (!Number.isFinite(interruptGraceMs) || interruptGraceMs < 0) {
    throw new TypeError(`interruptGraceMs must be a finite number ≥ 0, got ${String(interruptGraceMs)}`)
  }
  if (!Number.isSafeInteger(outputLimitBytes) || outputLimitBytes < 0) {
    throw new TypeError(`outputLimitBytes must be a whole number ≥ 0, got ${String(outputLimitBytes)}`)
  }
  const maxSourceBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES
  if (!Number.isSafeInteger(maxSourceBytes) || maxSourceBytes < 1) {
    throw new TypeError(`maxSourceBytes must be a whole number ≥ 1, got ${String(maxSourceBytes)}`)
  }
  const preloadMaxHeapBytes = options.preloadMaxHeapBytes ?? DEFAULT_PRELOAD_MAX_HEAP_BYTES
  if (!Number.isSafeInteger(preloadMaxHeapBytes) || preloadMaxHeapBytes < 0) {
    throw new TypeError(`preloadMaxHeapBytes must be a whole number ≥ 0, got ${String(preloadMaxHeapBytes)}`)
  }
  const { indexURL, packagesURL } = resolveDistributionURLs(options, baseURL)
  return {
    timeoutMs,
    packageLoadTimeoutMs,
    responseTimeoutMs,
    interruptGraceMs,
    outputLimitBytes,
    maxSourceBytes,
    indexURL,
    packagesURL,
    interrupts: options.interrupts ?? true,
    spare: options.spare ?? true,
    snapshot: options.snapshot ?? true,
    cacheSnapshot: options.cacheSnapshot ?? true,
    inputFiles: counts('inputFiles', { ...DEFAULT_INPUT_FILES, ...options.inputFiles }),
    outputFiles: counts('outputFiles', { ...DEFAULT_OUTPUT_FILES, ...options.outputFiles }),
    images: counts('images', { ...DEFAULT_IMAGES, ...options.images }),
    createHost: options.createHost,
    preload: options.preload ?? true,
    preloadMaxHeapBytes,
  }
}

/** Where the core and the packages come from: a whole distribution, or the core and the mirror apart. */
function resolveDistributionURLs(options: SandboxOptions, baseURL: string): { indexURL: string; packagesURL: string } {
  if (options.distributionURL !== undefined) {
    const conflicting = (['indexURL', 'packagesURL'] as const).filter((name) => options[name] !== undefined)
    if (conflicting.length > 0) {
      throw new TypeError(`distributionURL cannot be combined with ${conflicting.join(' or ')}: a distribution holds the core and the packages in one folder`)
    }
    const url = withTrailingSlash(new URL(options.distributionURL, baseURL).href)
    return { indexURL: url, packagesURL: url }
  }
  return {
    indexURL: withTrailingSlash(new URL(options.indexURL ?? 'pyodide/', baseURL).href),
    packagesURL: withTrailingSlash(new URL(options.packagesURL ?? 'packages/', baseURL).href),
  }
}

/** Checks a deadline given to the sandbox or to one run. */
export function checkTimeout(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number of milliseconds > 0, got ${String(value)}`)
  }
}

/** Checks that every limit in a group is a whole number ≥ 0, naming the one that is not. */
function counts<T extends object>(group: string, limits: T): T {
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new TypeError(`${group}.${key} must be a whole number ≥ 0, got ${String(value)}`)
    }
  }
  return limits
}

function defaultBaseURL(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/'
  return new URL(base, globalThis.location?.href ?? 'http://localhost/').href
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
