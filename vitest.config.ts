import { playwright } from '@vitest/browser-playwright'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'
import { ISOLATION_HEADERS, isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'
import { sandboxFrame } from './scripts/sandbox-frame.ts'
import { testMirrors } from './test/browser/mirror/serve.ts'
import { geminiTestServer } from './test/gemini-server/plugin.ts'
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

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      browserProject('browser', true),
      // The same tests without cross-origin isolation: no SharedArrayBuffer, so terminate is the only stop.
      browserProject('browser-no-isolation', false),
      {
        test: {
          // Packs the package and installs it into a fresh app (test/package/setup.ts); one file at a time, as they share it.
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/package/setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
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
