// The libraries Gemini's code-execution tool documents, and where each one
// comes from here. The data lives in libraries.json so scripts/vendor.mjs
// (plain Node, no TypeScript) reads the same table.

import librariesJson from './libraries.json' with { type: 'json' }

/** 'pyodide': in Pyodide 314.0.7's distribution. 'pypi': a pure-Python wheel pinned in pypi-lock.json. */
export type LibrarySource = 'pyodide' | 'pypi' | 'unavailable'

export interface Library {
  /** The name in Gemini's documentation. */
  readonly gemini: string
  /** Top-level import names; the first is the one shown to the model. */
  readonly imports: readonly string[]
  /** Canonical key in the lock (Pyodide's or src/packages/pypi-lock.json). */
  readonly package: string
  readonly source: LibrarySource
  /** Why an 'unavailable' library cannot run. */
  readonly reason?: string
  /** Pyodide releases on which our tests import and exercise it (see tested.ts). Empty: no test runs it. */
  readonly tested: readonly string[]
}

const SOURCES: readonly LibrarySource[] = ['pyodide', 'pypi', 'unavailable']

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}

/** Validates the JSON table; throws naming the bad row so a typo fails at load, not at import time in the sandbox. */
export function parseLibraries(data: unknown): Library[] {
  const rows = (data as { libraries?: unknown })?.libraries
  if (!Array.isArray(rows)) throw new Error('libraries.json: missing "libraries" array')
  return rows.map((row: Record<string, unknown>, i) => {
    const where = `libraries.json row ${i} (${String(row?.gemini)})`
    if (typeof row?.gemini !== 'string' || typeof row.package !== 'string') throw new Error(`${where}: gemini and package must be strings`)
    if (!isStringArray(row.imports) || row.imports.length === 0) throw new Error(`${where}: imports must be a non-empty string array`)
    if (!SOURCES.includes(row.source as LibrarySource)) throw new Error(`${where}: source must be one of ${SOURCES.join(', ')}`)
    if (row.source === 'unavailable' && typeof row.reason !== 'string') throw new Error(`${where}: an unavailable library needs a reason`)
    if (row.tested !== undefined && !isStringArray(row.tested)) throw new Error(`${where}: tested must be a string array of Pyodide versions`)
    const library: Library = { gemini: row.gemini, imports: row.imports, package: row.package, source: row.source as LibrarySource, tested: row.tested ?? [] }
    return typeof row.reason === 'string' ? { ...library, reason: row.reason } : library
  })
}

export const LIBRARIES: readonly Library[] = parseLibraries(librariesJson)

export const SUPPORTED_LIBRARIES: readonly Library[] = LIBRARIES.filter((l) => l.source !== 'unavailable')

export const UNAVAILABLE_LIBRARIES: readonly Library[] = LIBRARIES.filter((l) => l.source === 'unavailable')
