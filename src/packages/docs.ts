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

/** "0.27.7 (2.0.2)" per release the tests ran the library on, with the version that release's lock pins. */
function testedCell(lib: Library, testedLocks: Readonly<Record<string, Lockfile>>, lock: Lockfile, extras: PypiExtrasLock): string {
  if (lib.tested.length === 0) return lib.source === 'unavailable' ? '–' : 'not run by our tests'
  return lib.tested
    .map((release) => {
      const version = testedLocks[release]?.packages[lib.package]?.version ?? extras.packages[lib.package]?.version ?? lock.packages[lib.package]?.version
      return `Pyodide ${release}${version ? ` (${version})` : ''}`
    })
    .join(', ')
}

/**
 * A Markdown table: one row per library, versions from `lock` (Pyodide's lock
 * merged with our extras), and the releases our tests exercise it on with the
 * version each release's lock (`testedLocks`) pins.
 */
export function renderLibrariesTable(libraries: readonly Library[], lock: Lockfile, extras: PypiExtrasLock, testedLocks: Readonly<Record<string, Lockfile>> = {}): string {
  const rows = libraries.map((lib) => {
    const entry = lock.packages[lib.package]
    const version = lib.source === 'unavailable' ? '–' : (entry?.version ?? '?')
    const imports = lib.imports.map((name) => `\`${name}\``).join(', ')
    const fromSdist = extras.packages[lib.package]?.sdist !== undefined
    const source =
      lib.source === 'unavailable' ? `${SOURCE_LABEL.unavailable}: ${lib.reason ?? ''}` : fromSdist ? 'PyPI sdist (no wheel published), repacked as a wheel by `npm run vendor`' : SOURCE_LABEL[lib.source]
    const pkg = lib.source === 'unavailable' ? '–' : (entry?.name ?? lib.package)
    return `| ${lib.gemini} | ${imports} | ${pkg} | ${version} | ${source} | ${testedCell(lib, testedLocks, lock, extras)} |`
  })
  return [TABLE_START, '| Library | Import | Package | Version | Source | Imported and exercised by our tests on |', '| --- | --- | --- | --- | --- | --- |', ...rows, TABLE_END].join('\n')
}
