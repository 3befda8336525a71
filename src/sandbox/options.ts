/** Options of `PythonSandbox`, each with its default, resolved once. */
import type { WorkerHostFactory } from './worker-host.ts'

export interface SandboxOptions {
  /** Deadline of each run in milliseconds, unless the run sets its own. Default: `30_000`. */
  timeoutMs?: number
  /**
   * After interrupting a run at its deadline, how long to wait for it to end
   * before terminating the worker. Default: `1_000`.
   */
  interruptGraceMs?: number
  /** stdout + stderr kept per run, in bytes of UTF-8. Default: `65_536` (64 KiB). */
  outputLimitBytes?: number
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
   * Interrupt runs through a SharedArrayBuffer when the page is cross-origin
   * isolated, so a deadline can stop code without losing the interpreter.
   * Default: `true` (it has no effect without isolation).
   */
  interrupts?: boolean
  /** Creates the worker host. Default: a module Worker running `worker/main.ts`. */
  createHost?: WorkerHostFactory
}

export interface ResolvedSandboxOptions {
  timeoutMs: number
  interruptGraceMs: number
  outputLimitBytes: number
  indexURL: string
  packagesURL: string
  interrupts: boolean
  createHost: WorkerHostFactory | undefined
}

export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_INTERRUPT_GRACE_MS = 1_000
export const DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024

export function resolveSandboxOptions(options: SandboxOptions = {}, baseURL = defaultBaseURL()): ResolvedSandboxOptions {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const interruptGraceMs = options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS
  const outputLimitBytes = options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES
  checkTimeout('timeoutMs', timeoutMs)
  if (!Number.isFinite(interruptGraceMs) || interruptGraceMs < 0) {
    throw new TypeError(`interruptGraceMs must be a finite number ≥ 0, got ${String(interruptGraceMs)}`)
  }
  if (!Number.isSafeInteger(outputLimitBytes) || outputLimitBytes < 0) {
    throw new TypeError(`outputLimitBytes must be a whole number ≥ 0, got ${String(outputLimitBytes)}`)
  }
  return {
    timeoutMs,
    interruptGraceMs,
    outputLimitBytes,
    indexURL: withTrailingSlash(new URL(options.indexURL ?? 'pyodide/', baseURL).href),
    packagesURL: withTrailingSlash(new URL(options.packagesURL ?? 'packages/', baseURL).href),
    interrupts: options.interrupts ?? true,
    createHost: options.createHost,
  }
}

/** Checks a deadline given to the sandbox or to one run. */
export function checkTimeout(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new TypeError(`${name} must be a finite number of milliseconds > 0, got ${String(value)}`)
  }
}

function defaultBaseURL(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/'
  return new URL(base, globalThis.location?.href ?? 'http://localhost/').href
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
