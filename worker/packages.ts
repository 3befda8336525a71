// Worker-side package loading: which lock Pyodide starts with, what a run may
// load, progress while it loads, and a clear error when it cannot.
//
// Pyodide 314 downloads each package with
//   fetch(new URL(file_name, packageBaseUrl), { integrity: 'sha256-…' })
// and never times out. While we load, a fetch wrapper takes over those
// requests: it streams the body (progress), aborts after a silence
// (fail fast instead of hanging), and checks the sha256 itself so a
// mismatch says which file and which hashes instead of "Failed to fetch".

import type { PyodideAPI } from 'pyodide'
import type { PackageProgress } from '../src/protocol.ts'
import { DEFAULT_CDN_URL, dependencyClosure, onlineLock } from '../src/packages/lock-core.mjs'
import type { Lockfile, PypiExtrasLock } from '../src/packages/lock-types.ts'
import { loadFailureMessage, type LoadFailureDetail } from '../src/packages/messages.ts'
import pypiLockJson from '../src/packages/pypi-lock.json' with { type: 'json' }
import {
  allowedPackages,
  availabilityAdvice,
  moduleNotFoundTemplate,
  notLoadedTemplate,
  packagesForImports,
  unavailableMessages,
  type AllowedPackages,
} from '../src/packages/resolve.ts'
import guardSource from './py/import_guard.py?raw'

const PYPI_LOCK = pypiLockJson as PypiExtrasLock

/** Forwarded to the UI. 'loading' repeats with byte counts while the file downloads. */
export type PackageEvent = PackageProgress

export interface LoadFailure {
  /** Lock key of the first package that could not be loaded. */
  package: string
  /** Names the package and the fix; fit to show to the model as the run's error. */
  message: string
}

export interface LoadImportsOptions {
  onProgress?: (event: PackageEvent) => void
  /** Pyodide's own log lines ("Loading numpy", "Loaded numpy"). */
  onMessage?: (line: string) => void
}

export interface PackageLoaderOptions {
  /** Abort a package download after this long without receiving data. Default 30 000 ms. */
  idleTimeoutMs?: number
  /** Replace pyodide.loadPackage & co. so user code cannot install anything. Default true. */
  lockDown?: boolean
}

export interface PackageLoader {
  readonly allowed: AllowedPackages
  /** Loads what `code` imports from the allowed set. Resolves undefined on success; never rejects for a download problem. */
  loadImportsOf(code: string, options?: LoadImportsOptions): Promise<LoadFailure | undefined>
}

// ---------------------------------------------------------------------------
// Choosing the lock

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

function absolute(url: string | URL): string {
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
  try {
    const mirrored = await fetchJson(`${packageBaseUrl}pyodide-lock.json`, timeoutMs)
    if (isLockfile(mirrored)) return { lockFileContents: mirrored, packageBaseUrl, mirror: true }
  } catch {
    // No mirror: fall through to the online lock.
  }
  const pyodideLock = await fetchJson(absolute(options.pyodideLockUrl), timeoutMs)
  if (!isLockfile(pyodideLock)) throw new Error(`${absolute(options.pyodideLockUrl)} is not a Pyodide lock file`)
  return { lockFileContents: onlineLock(pyodideLock, PYPI_LOCK, options.cdnUrl ?? DEFAULT_CDN_URL), packageBaseUrl, mirror: false }
}

// ---------------------------------------------------------------------------
// Fetch wrapper used while packages load

interface Download {
  key: string
  version: string
  /** The 1-based index, assigned when its download starts. */
  index: number
}

interface FetchHooks {
  downloads: Map<string, Download>
  /** Hex sha256 of a download. */
  sha256: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>
  idleTimeoutMs: number
  mirrorBase: string | undefined
  onBytes(download: Download, loaded: number, total: number | undefined): void
  onStart(download: Download): void
  onFailure(detail: LoadFailureDetail): void
}

function base64ToHex(base64: string): string {
  return Array.from(atob(base64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')
}

/**
 * SHA-256 by WebCrypto where it exists, else by Python's hashlib: the isolated
 * frame's worker runs from a `blob:null` URL, which is not a secure context,
 * so it has no `crypto.subtle`.
 */
function sha256With(pyodide: PyodideAPI): (bytes: Uint8Array<ArrayBuffer>) => Promise<string> {
  if (globalThis.crypto?.subtle !== undefined) {
    return async (bytes) => {
      const digest = await crypto.subtle.digest('SHA-256', bytes)
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
    }
  }
  const scope = pyodide.toPy({})
  pyodide.runPython('import hashlib\ndef digest(data):\n    return hashlib.sha256(data.to_bytes()).hexdigest()', { globals: scope, filename: '<sandbox sha256>' })
  const digest = scope.get('digest') as (data: Uint8Array) => string
  scope.destroy()
  return async (bytes) => digest(bytes)
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return absolute(input)
  if (input instanceof URL) return input.href
  return input.url
}

/** Replaces globalThis.fetch until the returned function is called. */
function interceptPackageFetches(hooks: FetchHooks): () => void {
  const original = globalThis.fetch
  let started = 0
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input)
    const download = hooks.downloads.get(url)
    const integrity = /^sha256-(.+)$/.exec(init?.integrity ?? '')?.[1]
    if (download === undefined || integrity === undefined) return original(input, init)
    download.index ||= ++started
    hooks.onStart(download)
    const failure = { package: download.key, version: download.version, url }
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const touch = () => {
      clearTimeout(timer)
      timer = setTimeout(() => controller.abort(), hooks.idleTimeoutMs)
    }
    touch()
    try {
      const { integrity: _dropped, ...rest } = init ?? {}
      let response: Response
      try {
        response = await original(input, { ...rest, signal: controller.signal })
      } catch (err) {
        const timedOut = controller.signal.aborted
        hooks.onFailure(timedOut ? { ...failure, kind: 'timeout', timeoutSeconds: hooks.idleTimeoutMs / 1000 } : { ...failure, kind: 'unreachable', detail: String((err as Error).message ?? err) })
        throw err
      }
      const mirrored = hooks.mirrorBase !== undefined && url.startsWith(hooks.mirrorBase)
      const html = (response.headers.get('content-type') ?? '').includes('text/html')
      if (!response.ok || (mirrored && html)) {
        await response.body?.cancel()
        const missing = mirrored && (response.status === 404 || html)
        hooks.onFailure(missing ? { ...failure, kind: 'not-vendored' } : { ...failure, kind: 'http', detail: `HTTP ${response.status}` })
        throw new Error(`${url}: HTTP ${response.status}`)
      }
      const totalHeader = Number(response.headers.get('content-length'))
      const total = totalHeader > 0 ? totalHeader : undefined
      const chunks: Uint8Array[] = []
      let loaded = 0
      if (response.body !== null) {
        const reader = response.body.getReader()
        try {
          for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            touch()
            chunks.push(value)
            loaded += value.length
            hooks.onBytes(download, loaded, total)
          }
        } catch (err) {
          hooks.onFailure(controller.signal.aborted ? { ...failure, kind: 'timeout', timeoutSeconds: hooks.idleTimeoutMs / 1000 } : { ...failure, kind: 'unreachable', detail: `transfer interrupted: ${String((err as Error).message ?? err)}` })
          throw err
        }
      }
      const bytes = new Uint8Array(loaded)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      const expected = base64ToHex(integrity)
      const actual = await hooks.sha256(bytes)
      if (actual !== expected) {
        const detail: LoadFailureDetail = { ...failure, kind: 'integrity', expectedSha256: expected, actualSha256: actual }
        hooks.onFailure(detail)
        throw new Error(loadFailureMessage(detail))
      }
      return new Response(bytes, { status: 200, headers: { 'content-type': 'application/octet-stream' } })
    } finally {
      clearTimeout(timer)
    }
  }
  globalThis.fetch = wrapped as typeof fetch
  return () => {
    if (globalThis.fetch === wrapped) globalThis.fetch = original
  }
}

// ---------------------------------------------------------------------------
// Loading

type LoadPackage = PyodideAPI['loadPackage']

const REFUSAL = availabilityAdvice()

/**
 * Makes pyodide.loadPackage, pyodide.loadPackagesFromImports and the
 * package manager behind them refuse, so code reaching them through
 * `import pyodide_js` (or micropip, which calls them) cannot install
 * anything, including wheels from arbitrary URLs. Returns the original
 * loadPackage for our own use.
 */
function lockDownPackageLoading(pyodide: PyodideAPI): LoadPackage {
  const original = pyodide.loadPackage.bind(pyodide)
  const refuse = () => Promise.reject(new Error(REFUSAL))
  const api = pyodide as unknown as Record<string, unknown> & { _api?: { packageManager?: Record<string, unknown> } }
  api.loadPackage = refuse
  api.loadPackagesFromImports = refuse
  // Only the instance's own loadPackage: the bound original above calls
  // this.loadPackageInner, which must keep working for us.
  if (api._api?.packageManager !== undefined) api._api.packageManager.loadPackage = refuse
  return original
}

function findImports(pyodide: PyodideAPI, code: string): string[] {
  const findImportsProxy = pyodide.pyimport('pyodide.code.find_imports')
  try {
    const result = findImportsProxy(code)
    try {
      return result.toJs() as string[]
    } finally {
      result.destroy()
    }
  } finally {
    findImportsProxy.destroy()
  }
}

function isLoaded(pyodide: PyodideAPI, lock: Lockfile, key: string): boolean {
  const name = lock.packages[key]?.name
  return name !== undefined && pyodide.loadedPackages[name] !== undefined
}

/**
 * Creates the loader for one Pyodide instance. Call once, right after
 * loadPyodide, before any user code runs (it locks package loading down).
 */
export function createPackageLoader(pyodide: PyodideAPI, options: PackageLoaderOptions = {}): PackageLoader {
  const lock = pyodide.lockfile
  const allowed = allowedPackages(lock)
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000
  const loadPackage = options.lockDown === false ? pyodide.loadPackage.bind(pyodide) : lockDownPackageLoading(pyodide)
  const sha256 = sha256With(pyodide)
  const baseUrl = pyodide.lockfileBaseUrl === undefined ? undefined : absolute(pyodide.lockfileBaseUrl)

  async function loadImportsOf(code: string, { onProgress = () => {}, onMessage = () => {} }: LoadImportsOptions = {}): Promise<LoadFailure | undefined> {
    const wanted = packagesForImports(findImports(pyodide, code), allowed).packages
    if (wanted.length === 0) return undefined
    const toLoad = dependencyClosure(lock.packages, wanted).filter((key) => !isLoaded(pyodide, lock, key))
    if (toLoad.length === 0) return undefined

    const total = toLoad.length
    const downloads = new Map<string, Download>()
    for (const key of toLoad) {
      const entry = lock.packages[key]
      if (entry === undefined) continue
      downloads.set(new URL(entry.file_name, baseUrl ?? globalThis.location?.href).href, { key, version: entry.version, index: 0 })
    }
    const failures = new Map<string, LoadFailureDetail>()
    const errors: string[] = []
    let lastReport = 0
    const restoreFetch = interceptPackageFetches({
      downloads,
      sha256,
      idleTimeoutMs,
      mirrorBase: baseUrl,
      onStart: (d) => onProgress({ name: d.key, state: 'loading', index: d.index, total }),
      onBytes: (d, loaded, size) => {
        // At most ~10 updates a second: the UI needs movement, not every chunk.
        const now = performance.now()
        if (now - lastReport < 100 && loaded !== size) return
        lastReport = now
        onProgress({ name: d.key, state: 'loading', index: d.index, total, loadedBytes: loaded, ...(size === undefined ? {} : { totalBytes: size }) })
      },
      onFailure: (detail) => {
        if (!failures.has(detail.package)) failures.set(detail.package, detail)
      },
    })
    try {
      await loadPackage(toLoad, {
        messageCallback: onMessage,
        errorCallback: (line) => {
          errors.push(line)
          onMessage(line)
        },
        checkIntegrity: true,
      })
    } catch (err) {
      errors.push(String((err as Error).message ?? err))
    } finally {
      restoreFetch()
    }

    let nextIndex = Math.max(0, ...[...downloads.values()].map((d) => d.index))
    const failed: string[] = []
    for (const d of downloads.values()) {
      const ok = isLoaded(pyodide, lock, d.key)
      if (!ok) failed.push(d.key)
      onProgress({ name: d.key, state: ok ? 'loaded' : 'failed', index: d.index || ++nextIndex, total })
    }
    if (failed.length === 0) return undefined

    // Prefer the package whose download failed: a dependent's failure is only a consequence.
    const first = failed.find((key) => failures.has(key)) ?? failed[0] ?? wanted[0] ?? ''
    const detail = failures.get(first) ?? {
      kind: 'install' as const,
      package: first,
      version: lock.packages[first]?.version,
      detail: errors.filter((e) => !e.startsWith('The following error occurred')).join(' ') || 'Pyodide could not install it',
    }
    const others = failed.filter((key) => key !== first)
    const message = loadFailureMessage(detail) + (others.length > 0 ? ` Also not loaded: ${others.join(', ')}.` : '')
    return { package: first, message }
  }

  return { allowed, loadImportsOf }
}

const loaders = new WeakMap<PyodideAPI, PackageLoader>()

/** Convenience over createPackageLoader for one loader per Pyodide instance. */
export function loadImportsOf(pyodide: PyodideAPI, code: string, options?: LoadImportsOptions): Promise<LoadFailure | undefined> {
  let loader = loaders.get(pyodide)
  if (loader === undefined) {
    loader = createPackageLoader(pyodide)
    loaders.set(pyodide, loader)
  }
  return loader.loadImportsOf(code, options)
}

// ---------------------------------------------------------------------------
// Import guard

/** Every top-level import name the run may load, for the guard's "available but not loaded" case. */
export function allowedImportNames(allowed: AllowedPackages): string[] {
  return [...allowed.importToPackage.keys()].sort()
}

/**
 * Installs worker/py/import_guard.py once, after loadPyodide and before any
 * user code: imports of anything outside the sandbox then raise
 * ModuleNotFoundError listing what is available.
 */
export function installImportGuard(pyodide: PyodideAPI, allowed: AllowedPackages): void {
  const namespace = pyodide.toPy({})
  try {
    pyodide.runPython(guardSource, { globals: namespace, filename: '<sandbox import guard>' })
    const install = namespace.get('install')
    const available = pyodide.toPy(allowedImportNames(allowed))
    const unavailable = pyodide.toPy(unavailableMessages())
    try {
      install(available, moduleNotFoundTemplate(), notLoadedTemplate(), unavailable).destroy()
    } finally {
      install.destroy()
      available.destroy()
      unavailable.destroy()
    }
  } finally {
    namespace.destroy()
  }
}
