import { playwright } from '@vitest/browser-playwright'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'
import { ISOLATION_HEADERS, isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'
import { sandboxFrame } from './scripts/sandbox-frame.ts'
import { testMirrors } from './test/browser/mirror/serve.ts'
import { geminiTestServer } from './test/gemini-server/plugin.ts'
import { serveDistribution } from './test/science/serve.ts'
import { observerCommands, observerEndpoints, observerFor } from './test/observer/plugin.ts'

const chromium = playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } })

function browserProject(name: string, crossOriginIsolated: boolean): TestProjectInlineConfiguration {
  return {
    plugins: [pyodideAssets(), isolationHeaders(crossOriginIsolated), sandboxFrame(), observerEndpoints(() => observerFor(name)), geminiTestServer(), testMirrors()],
    // Vitest serves the test frames itself; these headers are what make them isolated.
    server: { headers: crossOriginIsolated ? { ...ISOLATION_HEADERS } : {} },
    worker: { format: 'es' },
    test: {
      name,
      include: ['test/browser/**/*.test.ts'],
      provide: { crossOriginIsolated },
      // Real wheels from PyPI, vendored once per run (cached in .cache/wheels).
      globalSetup: ['test/browser/mirror/setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      browser: {
        enabled: true,
        headless: true,
        provider: chromium,
        instances: [{ browser: 'chromium' }],
        screenshotFailures: false,
        // The escape corpus asks the loopback observer what reached it (test/observer).
        commands: observerCommands,
      },
    },
  }
}

/**
 * The scientific stack for real, once: Pyodide 0.27.7 with numpy, pandas,
 * matplotlib, scipy, scikit-learn and Pillow from ../shared, and Gemini's own
 * outputs as a conformance suite. Cross-origin isolated only: what it proves is
 * the libraries, not the host, which the browser projects cover twice.
 */
function scienceProject(): TestProjectInlineConfiguration {
  const base = browserProject('science', true)
  return {
    ...base,
    plugins: [...(base.plugins ?? []), serveDistribution()],
    test: { ...base.test, name: 'science', include: ['test/science/**/*.test.ts'], globalSetup: ['test/science/setup.ts'], fileParallelism: false },
  }
}

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      browserProject('browser', true),
      // The same tests without cross-origin isolation: no SharedArrayBuffer, so terminate is the only stop.
      browserProject('browser-no-isolation', false),
      scienceProject(),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
