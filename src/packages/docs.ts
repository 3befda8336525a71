// Renders the supported-library table for docs/libraries.md (and the
// README). A unit test fails when the committed file drifts from the data.

import type { Lockfile, PypiExtrasLock } from './lock-types.ts'
import type { Library } from './libraries.ts'

const SOURCE_LABEL = {
  pyodide: 'Pyodide 314.0.7 distribution',
  pypi: 'PyPI wheel, pinned in `src/packages/pypi-lock.json`',
  unavailable: 'not available',
} as const

export const TABLE_START = '<!-- libraries:start (generated from src/packages/libraries.json; do not edit) -->'
export const TABLE_END = '<!-- libraries:end -->'

/** A Markdown table: one row per library, versions from `lock` (Pyodide's lock merged with our extras). */
export function renderLibrariesTable(libraries: readonly Library[], lock: Lockfile, extras: PypiExtrasLock): string {
  const rows = libraries.map((lib) => {
    const entry = lock.packages[lib.package]
    const version = lib.source === 'unavailable' ? '–' : (entry?.version ?? '?')
    const imports = lib.imports.map((name) => `\`${name}\``).join(', ')
    const fromSdist = extras.packages[lib.package]?.sdist !== undefined
    const source =
      lib.source === 'unavailable' ? `${SOURCE_LABEL.unavailable}: ${lib.reason ?? ''}` : fromSdist ? 'PyPI sdist (no wheel published), repacked as a wheel by `npm run vendor`' : SOURCE_LABEL[lib.source]
    const pkg = lib.source === 'unavailable' ? '–' : (entry?.name ?? lib.package)
    return `| ${lib.gemini} | ${imports} | ${pkg} | ${version} | ${source} |`
  })
  return [TABLE_START, '| Library | Import | Package | Version | Source |', '| --- | --- | --- | --- | --- |', ...rows, TABLE_END].join('\n')
}
