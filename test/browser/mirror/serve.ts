/** Serves the test mirrors on the browser tests' own server, as a static host would. */
import type { Plugin } from 'vite'
import { serveFolders } from '../../../scripts/serve-folders.mjs'
import { CORRUPT_MIRROR_PATH, SLOW_MIRROR_PATH, TEST_MIRROR_PATH } from './libraries.ts'
import { CORRUPT_MIRROR_DIR, MIRROR_DIR } from './setup.ts'

export function testMirrors(): Plugin[] {
  return [
    serveFolders('pyodide-code-execution:test-mirrors', [
      [TEST_MIRROR_PATH, MIRROR_DIR],
      [CORRUPT_MIRROR_PATH, CORRUPT_MIRROR_DIR],
    ]),
    // The same files as from a slow network: 4 KiB pieces, 200 ms apart, so a small wheel takes about two seconds:
    // long enough that a page stalled for a second under a full test run still sees it arrive in several steps.
    serveFolders('pyodide-code-execution:slow-test-mirror', [[SLOW_MIRROR_PATH, MIRROR_DIR]], { pace: { bytes: 4 * 1024, pauseMs: 200 } }),
  ]
}
