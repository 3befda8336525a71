/**
 * Serves the 0.27.7 distribution on the test server as a static host would
 * (long-lived caching, so a second load is a warm one), and the conformance
 * cases from ../shared, read at run time.
 */
import type { Plugin } from 'vite'
import { serveFolders } from '../../scripts/serve-folders.mjs'
import { CONFORMANCE_DIR, CONFORMANCE_PATH, DISTRIBUTION_DIR, DISTRIBUTION_PATH } from './distribution.ts'

export function serveDistribution(): Plugin {
  return serveFolders(
    'pyodide-code-execution:test-distribution',
    [
      [DISTRIBUTION_PATH, DISTRIBUTION_DIR],
      [CONFORMANCE_PATH, CONFORMANCE_DIR],
    ],
    { immutable: true },
  )
}
