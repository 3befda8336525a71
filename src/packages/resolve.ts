// Which packages a run may load, and what the model is told when it imports
// something else. Pure functions over a lock, so the worker and the tests
// use the same logic.

import { canonicalizeName, dependencyClosure } from './lock-core.mjs'
import type { Lockfile } from './lock-types.ts'
import { SUPPORTED_LIBRARIES, UNAVAILABLE_LIBRARIES, type Library } from './libraries.ts'

export interface AllowedPackages {
  /** Canonical lock keys: the supported libraries and everything they depend on. */
  readonly packages: ReadonlySet<string>
  /** Top-level import name → lock key, for every allowed package. */
  readonly importToPackage: ReadonlyMap<string, string>
}

/**
 * The supported libraries plus their transitive dependencies in `lock`.
 * Throws when a library is missing from the lock: that is a build mistake,
 * and failing loudly beats a library that silently cannot be imported.
 */
export function allowedPackages(lock: Lockfile, libraries: readonly Library[] = SUPPORTED_LIBRARIES): AllowedPackages {
  const roots = libraries.map((l) => canonicalizeName(l.package))
  const missing = roots.filter((key) => lock.packages[key] === undefined)
  if (missing.length > 0) throw new Error(`The lock has no entry for ${missing.join(', ')}`)
  const packages = new Set(dependencyClosure(lock.packages, roots))
  const importToPackage = new Map<string, string>()
  for (const key of [...packages].sort()) {
    for (const name of lock.packages[key]?.imports ?? []) {
      if (!importToPackage.has(name)) importToPackage.set(name, key)
    }
  }
  return { packages, importToPackage }
}

export interface ImportResolution {
  /** Lock keys to load, sorted. */
  readonly packages: string[]
  /** Top-level names that no allowed package provides (stdlib, user files, or unavailable). */
  readonly unmatched: string[]
}

/** Maps imported module names (dotted or not) onto allowed packages. */
export function packagesForImports(imports: Iterable<string>, allowed: AllowedPackages): ImportResolution {
  const packages = new Set<string>()
  const unmatched = new Set<string>()
  for (const name of imports) {
    const top = name.split('.')[0] ?? name
    const key = allowed.importToPackage.get(top)
    if (key === undefined) unmatched.add(top)
    else packages.add(key)
  }
  return { packages: [...packages].sort(), unmatched: [...unmatched].sort() }
}

/** One import name per supported library, sorted case-insensitively: what the model is told it may use. */
export function availableImportNames(libraries: readonly Library[] = SUPPORTED_LIBRARIES): string[] {
  return libraries
    .map((l) => l.imports[0] ?? l.package)
    .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
}

/** Placeholder the Python guard substitutes with the module name. */
export const NAME_PLACEHOLDER = '{name}'

/** The sentence telling the model what it can use instead. */
export function availabilityAdvice(libraries: readonly Library[] = SUPPORTED_LIBRARIES): string {
  return `This sandbox cannot install packages. Use the Python standard library or one of: ${availableImportNames(libraries).join(', ')}.`
}

/** The ModuleNotFoundError text for a module outside the sandbox, with {name} left in. */
export function moduleNotFoundTemplate(libraries: readonly Library[] = SUPPORTED_LIBRARIES): string {
  return `No module named '${NAME_PLACEHOLDER}'. ${availabilityAdvice(libraries)}`
}

export function moduleNotFoundMessage(name: string, libraries: readonly Library[] = SUPPORTED_LIBRARIES): string {
  return moduleNotFoundTemplate(libraries).replaceAll(NAME_PLACEHOLDER, name)
}

/** For a module that is allowed but was not loaded because the import was not visible before the run (importlib, __import__ with a computed name). */
export function notLoadedTemplate(): string {
  return `Module '${NAME_PLACEHOLDER}' is available but was not loaded before the code ran. Import it with a plain top-level 'import ${NAME_PLACEHOLDER}' statement.`
}

/** Import name → sentence saying why that library is not offered (tensorflow). */
export function unavailableMessages(unavailable: readonly Library[] = UNAVAILABLE_LIBRARIES, supported: readonly Library[] = SUPPORTED_LIBRARIES): Record<string, string> {
  const messages: Record<string, string> = {}
  for (const lib of unavailable) {
    for (const name of lib.imports) {
      messages[name] = `No module named '${name}'. ${lib.gemini} is not available here: ${lib.reason ?? 'no build exists for Pyodide.'} ${availabilityAdvice(supported)}`
    }
  }
  return messages
}
