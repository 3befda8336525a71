// Worker-side package loading: what a run may load, progress while it loads,
// and a clear error when it cannot. The lock comes from package-lock-choice.ts,
// the downloads go through package-fetch.ts.

import type { PyodideAPI } from 'pyodide'
import type { PackageProgress } from '../src/protocol.ts'
import { findImports } from '../src/packages/find-imports.ts'
import { onDemandImports } from '../src/packages/on-demand.ts'
import { dependencyClosure } from '../src/packages/lock-core.mjs'
import type { Lockfile } from '../src/packages/lock-types.ts'
import { loadFailureMessage, type LoadFailureDetail } from '../src/packages/messages.ts'
import type { PyodideDistribution } from '../src/packages/distribution.ts'
import {
  availabilityAdvice,
  moduleNotFoundTemplate,
  notLoadedTemplate,
  packagesForImports,
  unavailableMessages,
  type AllowedPackages,
} from '../src/packages/resolve.ts'
import { interceptPackageFetches, sha256With, type Download } from './package-fetch.ts'
import { bytecodeSkipped, bytecodeTargetOf, createBytecodeInstaller, type BytecodeEntry } from './bytecode.ts'
import guardSource from './py/import_guard.py?raw'
import { errorText } from './error-text.ts'

export { chooseLockFile, type ChooseLockOptions, type LockChoice } from './package-lock-choice.ts'

export interface LoadFailure {
  /** Lock key of the first package that could not be loaded. */
  package: string
  /** Names the package and the fix; fit to show to the model as the run's error. */
  message: string
}

export interface LoadImportsOptions {
  /** 'loading' repeats with byte counts while a file downloads. */
  onProgress?: (event: PackageProgress) => void
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
  /**
   * Loads what `code` imports from the allowed set, and what the libraries it imports are known to import on
   * demand (src/packages/on-demand.ts). Resolves undefined on success; never rejects for a download problem.
   */
  loadImportsOf(code: string, options?: LoadImportsOptions): Promise<LoadFailure | undefined>
  /** Loads these lock keys and their dependencies; the same contract as loadImportsOf. */
  loadPackages(keys: readonly string[], options?: LoadImportsOptions): Promise<LoadFailure | undefined>
  /** Whether this lock key is installed in the interpreter. */
  isLoaded(key: string): boolean
}

// ---------------------------------------------------------------------------
// Loading

type LoadPackage = PyodideAPI['loadPackage']

/**
 * Makes pyodide.loadPackage, pyodide.loadPackagesFromImports and the
 * package manager behind them refuse, so code reaching them through
 * `import pyodide_js` (or micropip, which calls them) cannot install
 * anything, including wheels from arbitrary URLs. Returns the original
 * loadPackage for our own use.
 */
function lockDownPackageLoading(pyodide: PyodideAPI, refusal: string): LoadPackage {
  const original = pyodide.loadPackage.bind(pyodide)
  const refuse = () => Promise.reject(new Error(refusal))
  const api = pyodide as unknown as Record<string, unknown> & { _api?: { packageManager?: Record<string, unknown> } }
  api.loadPackage = refuse
  api.loadPackagesFromImports = refuse
  // Only the instance's own loadPackage: the bound original above calls
  // this.loadPackageInner, which must keep working for us.
  if (api._api?.packageManager !== undefined) api._api.packageManager.loadPackage = refuse
  return original
}

function isLoaded(pyodide: PyodideAPI, lock: Lockfile, key: string): boolean {
  const name = lock.packages[key]?.name
  return name !== undefined && pyodide.loadedPackages[name] !== undefined
}

/**
 * Creates the loader for one Pyodide instance and the distribution it was
 * started with. Call once, right after loadPyodide, before any user code runs
 * (it locks package loading down).
 */
export function createPackageLoader(pyodide: PyodideAPI, distribution: PyodideDistribution, options: PackageLoaderOptions = {}): PackageLoader {
  const { lock, allowed } = distribution
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000
  const refusal = availabilityAdvice(distribution.libraries)
  const loadPackage = options.lockDown === false ? pyodide.loadPackage.bind(pyodide) : lockDownPackageLoading(pyodide, refusal)
  const sha256 = sha256With(pyodide)
  const baseUrl = distribution.packageBaseURL
  const bytecode = createBytecodeInstaller(() => bytecodeTargetOf(pyodide), { baseUrl, sha256, timeoutMs: idleTimeoutMs })

  async function loadImportsOf(code: string, options?: LoadImportsOptions): Promise<LoadFailure | undefined> {
    const imported = findImports(code)
    const own = packagesForImports(imported, allowed).packages
    const failure = await loadPackages(packagesForImports([...imported, ...onDemandImports(code, imported)], allowed).packages, options)
    // A library loaded on a guess that failed to load fails the run only if the code really imports it: otherwise
    // the library that wanted it reports its absence as it would anywhere, if the code reaches that call at all.
    if (failure && dependencyClosure(lock.packages, own).every((key) => isLoaded(pyodide, lock, key))) return undefined
    return failure
  }

  async function loadPackages(wanted: readonly string[], { onProgress = () => {}, onMessage = () => {} }: LoadImportsOptions = {}): Promise<LoadFailure | undefined> {
    if (wanted.length === 0) return undefined
    const toLoad = dependencyClosure(lock.packages, wanted).filter((key) => !isLoaded(pyodide, lock, key))
    if (toLoad.length === 0) return undefined

    const total = toLoad.length
    const downloads = new Map<string, Download>()
    for (const key of toLoad) {
      const entry = lock.packages[key]
      if (entry === undefined) continue
      downloads.set(new URL(entry.file_name, baseUrl).href, { key, version: entry.version, index: 0 })
    }
    const failures = new Map<string, LoadFailureDetail>()
    const errors: string[] = []
    let lastReport = 0
    // Fetched alongside the wheels (with the fetch the wheels' wrapper would otherwise take over), written after them.
    const bundles = bytecode.fetchFor(new Map(toLoad.map((key) => [key, lock.packages[key] as { bytecode?: BytecodeEntry }])))
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
      errors.push(errorText(err))
    } finally {
      restoreFetch()
    }

    let nextIndex = Math.max(0, ...[...downloads.values()].map((d) => d.index))
    const failed: string[] = []
    for (const d of downloads.values()) {
      const ok = isLoaded(pyodide, lock, d.key)
      if (!ok) failed.push(d.key)
      const bundle = bundles.get(d.key)
      if (ok && bundle !== undefined) await bytecode.install(bundle).catch((error: unknown) => console.warn(bytecodeSkipped(d.key, error)))
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

  return { allowed, loadImportsOf, loadPackages, isLoaded: (key) => isLoaded(pyodide, lock, key) }
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
export function installImportGuard(pyodide: PyodideAPI, distribution: PyodideDistribution): void {
  const namespace = pyodide.toPy({})
  try {
    pyodide.runPython(guardSource, { globals: namespace, filename: '<sandbox import guard>' })
    const install = namespace.get('install')
    const available = pyodide.toPy(allowedImportNames(distribution.allowed))
    const unavailable = pyodide.toPy(unavailableMessages(distribution.unavailable, distribution.libraries))
    try {
      install(available, moduleNotFoundTemplate(distribution.libraries), notLoadedTemplate(), unavailable).destroy()
    } finally {
      install.destroy()
      available.destroy()
      unavailable.destroy()
    }
  } finally {
    namespace.destroy()
  }
}
