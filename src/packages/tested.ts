/**
 * Which test file exercises the libraries on each Pyodide release, so the
 * library table's "tested" column can be checked: a unit test reads each file
 * and fails when it does not import a library the table says it exercises.
 */
export const TEST_FILES_BY_RELEASE: Readonly<Record<string, string>> = {
  /** Wheels vendored from PyPI into the test mirror, on the default core. */
  '314.0.7': 'test/browser/packages/imports.test.ts',
  /** The compiled stack of the official 0.27.7 release, from ../shared/pyodide-dist. */
  '0.27.7': 'test/science/stack.test.ts',
}

/**
 * Whether `source` (a test file holding Python snippets in strings) imports
 * `name` with a plain import or from-import at the start of a line or string.
 */
export function importsModule(source: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|\\n|\\\\n|['"\`])\\s*(import|from) ${escaped}(\\b|\\.)`).test(source)
}
