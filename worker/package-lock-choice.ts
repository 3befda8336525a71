// Which lock Pyodide starts with: the self-hosted mirror's when one was
// vendored, otherwise Pyodide's own made absolute (CDN) plus our PyPI extras.

import { DEFAULT_CDN_URL, onlineLock } from '../src/packages/lock-core.mjs'
import type { Lockfile, PypiExtrasLock } from '../src/packages/lock-types.ts'
import pypiLockJson from '../src/packages/pypi-lock.json' with { type: 'json' }

const PYPI_LOCK = pypiLockJson as PypiExtrasLock

export interface LockChoice {
  /** Pass to loadPyodide({ lockFileContents }). */
  lockFileContents: Lockfile
  /** Pass to loadPyodide({ packageBaseUrl }): relative file_names resolve against it. */
  packageBaseUrl: string
  /** True when the self-hosted mirror's lock was found. */
  mirror: boolean
}

export interface ChooseLockOptions {
  /** Where `npm run vendor` output is served, e.g. new URL('packages/', baseUrl). Must be absolute or resolvable against the worker's location. */
  mirrorUrl: string | URL
  /** Pyodide's own lock, served with the core, e.g. `${indexURL}pyodide-lock.json`. */
  pyodideLockUrl: string | URL
  /** Where packages that are not mirrored come from. Default: Pyodide 314.0.7 on jsDelivr. */
  cdnUrl?: string
  /** Per request. Default 10 000 ms. */
  timeoutMs?: number
}

/** `url` made absolute against the worker's own location. */
export function absolute(url: string | URL): string {
  return new URL(url, globalThis.location?.href).href
}

async function fetchJson(url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), cache: 'no-cache' })
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`)
  // A dev server answers unknown paths with index.html; that is "no mirror", not a broken one.
  if (!(response.headers.get('content-type') ?? '').includes('json')) throw new Error(`${url} is not JSON`)
  return response.json()
}

function isLockfile(value: unknown): value is Lockfile {
  const lock = value as Partial<Lockfile> | null
  return typeof lock?.info?.abi_version === 'string' && typeof lock.packages === 'object' && lock.packages !== null
}

/**
 * The mirror's lock when one was vendored, otherwise Pyodide's lock made
 * absolute (CDN) plus our PyPI extras. Call before loadPyodide.
 */
export async function chooseLockFile(options: ChooseLockOptions): Promise<LockChoice> {
  const timeoutMs = options.timeoutMs ?? 10_000
  let packageBaseUrl = absolute(options.mirrorUrl)
  if (!packageBaseUrl.endsWith('/')) packageBaseUrl += '/'
  // Both asked at once: without a mirror, the second answer is needed, and waiting for the first costs a round trip.
  const mirrored = fetchJson(`${packageBaseUrl}pyodide-lock.json`, timeoutMs)
  const own = fetchJson(absolute(options.pyodideLockUrl), timeoutMs)
  own.catch(() => {}) // not needed when there is a mirror
  const mirrorLock = await mirrored.catch(() => undefined) // no mirror: the online lock
  if (isLockfile(mirrorLock)) return { lockFileContents: mirrorLock, packageBaseUrl, mirror: true }
  const pyodideLock = await own
  if (!isLockfile(pyodideLock)) throw new Error(`${absolute(options.pyodideLockUrl)} is not a Pyodide lock file`)
  return { lockFileContents: onlineLock(pyodideLock, PYPI_LOCK, options.cdnUrl ?? DEFAULT_CDN_URL), packageBaseUrl, mirror: false }
}
