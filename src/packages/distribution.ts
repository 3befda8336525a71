/**
 * A Pyodide distribution is one value: where its core is, the lock in use and
 * the folder the lock's relative file names resolve against. Everything that
 * must agree about what exists derives from it: the import guard and the tool
 * description (which libraries are offered), the package loader (which files
 * may be fetched, with which sha256), the asset relay's allow-list (which URLs
 * the sandbox may load) and `npm run vendor`.
 *
 * Pure: no fetch, no DOM. The worker describes the distribution once, after it
 * has chosen the lock (worker/package-lock-choice.ts).
 *
 * @example
 * const dist = describeDistribution({ indexURL: 'https://app.example/pyodide/', lock, packageBaseURL: 'https://app.example/packages/' })
 * dist.libraries.map((l) => l.gemini)   // what the model is told it may import
 * distributionFileURLs(dist)            // every URL the sandbox may fetch
 */
import { canonicalizeName, dependencyClosure, isAbsoluteFileName, withStdlibNeeds } from './lock-core.mjs'
import type { Lockfile } from './lock-types.ts'
import { LIBRARIES, type Library } from './libraries.ts'
import { allowedPackages, type AllowedPackages } from './resolve.ts'

/** The core files of each release line, relative to `indexURL`. */
export const CORE_FILES = {
  /** Pyodide 0.28 and later (314.x): the Emscripten module is an ES module. */
  modern: ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'],
  /** Pyodide 0.27.x: the Emscripten module is a classic script that sets `globalThis._createPyodideModule`. */
  classic: ['pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'],
} as const

/** One library as the model and the app see it: the name Gemini documents and the version in the lock. */
export interface OfferedLibrary {
  name: string
  version: string
}

export interface PyodideDistribution {
  /** The Pyodide release, from the lock (`info.version`), e.g. `'314.0.7'` or `'0.27.7'`. */
  readonly version: string
  /** The Python the release runs, e.g. `'3.12.7'`. */
  readonly pythonVersion: string
  /** Absolute URL of the folder with the core files (ends with `/`). */
  readonly indexURL: string
  /** Absolute URLs of the core files. */
  readonly coreURLs: readonly string[]
  /** The lock in use. Relative file names resolve against `packageBaseURL`. */
  readonly lock: Lockfile
  /** Absolute URL relative file names resolve against (ends with `/`). */
  readonly packageBaseURL: string
  /** Gemini's libraries that this lock can load, with every dependency. */
  readonly libraries: readonly Library[]
  /** Gemini's libraries it cannot, each with the reason. */
  readonly unavailable: readonly Library[]
  /** Lock keys the sandbox may load, and import name → lock key. */
  readonly allowed: AllowedPackages
}

export interface DistributionInputs {
  /** The release, from the core (`version` of pyodide.mjs): 314's lock does not name it. Default: the lock's `info.version`. */
  version?: string
  indexURL: string
  lock: Lockfile
  packageBaseURL: string
  /** Gemini's library table. Default: src/packages/libraries.json. */
  libraries?: readonly Library[]
}

/** Whether a release line ships its Emscripten module as an ES module (0.28 and later, 314.x). */
export function isModernRelease(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 0 || minor >= 28
}

/** Why `library` cannot load from `lock`, or undefined when it can. */
function whyNotLoadable(lock: Lockfile, library: Library, release: string): string | undefined {
  if (library.source === 'unavailable') return library.reason ?? 'no build exists for Pyodide.'
  const where = `the Pyodide ${release} distribution this sandbox uses`
  if (lock.packages[canonicalizeName(library.package)] === undefined) return `It is not in ${where}.`
  try {
    dependencyClosure(lock.packages, [library.package])
    return undefined
  } catch (error) {
    const missing = /No package named '([^']+)'/.exec((error as Error).message)?.[1] ?? 'a dependency'
    return `It needs ${missing}, which is not in ${where}.`
  }
}

/**
 * Packages of the standard library that a release ships apart from its zip
 * (0.27: sqlite3, ssl, lzma, ...): code imports them like the rest of the
 * standard library, so they are allowed whenever the lock holds them.
 */
function unvendoredStdlib(lock: Lockfile): string[] {
  return Object.entries(lock.packages)
    .filter(([key, entry]) => entry.package_type === 'cpython_module' && key !== 'test' && dependencyClosureOrUndefined(lock, key) !== undefined)
    .map(([key]) => key)
}

function dependencyClosureOrUndefined(lock: Lockfile, key: string): string[] | undefined {
  try {
    return dependencyClosure(lock.packages, [key])
  } catch {
    return undefined
  }
}

export function describeDistribution({ indexURL, packageBaseURL, libraries = LIBRARIES, ...inputs }: DistributionInputs): PyodideDistribution {
  const lock = withStdlibNeeds(inputs.lock)
  const version = inputs.version ?? lock.info.version ?? ''
  const reasons = new Map(libraries.map((library) => [library, whyNotLoadable(lock, library, version)]))
  const offered = libraries.filter((library) => reasons.get(library) === undefined)
  const unavailable = libraries
    .filter((library) => !offered.includes(library))
    .map((library): Library => (library.source === 'unavailable' ? library : { ...library, source: 'unavailable', reason: reasons.get(library) }))
  const stdlib = unvendoredStdlib(lock).map((key): Library => ({ gemini: key, imports: lock.packages[key]?.imports ?? [key], package: key, source: 'pyodide', tested: [] }))
  const core = isModernRelease(version) ? CORE_FILES.modern : CORE_FILES.classic
  return {
    version,
    pythonVersion: lock.info.python,
    indexURL,
    coreURLs: core.map((file) => new URL(file, indexURL).href),
    lock,
    packageBaseURL,
    libraries: offered,
    unavailable,
    allowed: allowedPackages(lock, [...offered, ...stdlib]),
  }
}

/** The URL Pyodide fetches for one lock entry. */
export function packageFileURL(distribution: PyodideDistribution, key: string): string | undefined {
  const entry = distribution.lock.packages[key]
  if (entry === undefined) return undefined
  return isAbsoluteFileName(entry.file_name) ? entry.file_name : new URL(entry.file_name, distribution.packageBaseURL).href
}

/** Every file the sandbox may fetch: the core, the lock, and the file of each package it may load. */
export function distributionFileURLs(distribution: PyodideDistribution): string[] {
  const packages = [...distribution.allowed.packages].sort().flatMap((key) => packageFileURL(distribution, key) ?? [])
  return [...new Set([...distribution.coreURLs, new URL('pyodide-lock.json', distribution.packageBaseURL).href, ...packages])]
}

/** The offered libraries with the versions the lock pins, for the tool description and `RuntimeInfo`. */
export function offeredLibraries(distribution: PyodideDistribution): OfferedLibrary[] {
  return distribution.libraries.map((library) => ({ name: library.gemini, version: distribution.lock.packages[canonicalizeName(library.package)]?.version ?? '' }))
}
