import { playwright } from '@vitest/browser-playwright'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import type { BrowserInstanceOption, BrowserProviderOption } from 'vitest/node'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs'
import { ISOLATION_HEADERS, isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'
import { sandboxFrame } from './scripts/sandbox-frame.ts'
import { testMirrors } from './test/browser/mirror/serve.ts'
import type { E2EBrowser } from './test/e2e/browser.ts'
import { firefoxBiDi } from './test/firefox/vitest-provider.ts'
import { webkitWebDriver } from './test/webkit/vitest-provider.ts'
import { geminiTestServer } from './test/gemini-server/plugin.ts'
import { serveDistribution } from './test/science/serve.ts'
import { observerCommands, observerEndpoints, observerFor } from './test/observer/plugin.ts'

const chromium = playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } })

/** Which browser a project runs its tests in, and which tests. */
interface BrowserChoice {
  provider: BrowserProviderOption
  instance: BrowserInstanceOption
  include: string[]
  exclude?: string[]
}

const IN_CHROMIUM: BrowserChoice = { provider: chromium, instance: { browser: 'chromium' }, include: ['test/browser/**/*.test.ts'] }

/**
 * Chromium without cross-origin isolation: every browser test but those where
 * isolation changes nothing, to keep npm test short: package loading, on-demand
 * imports and bytecode bundles go through the same frame and relay either way,
 * and the broker's round-trips meet no interrupt.
 */
const IN_CHROMIUM_WITHOUT_ISOLATION: BrowserChoice = {
  ...IN_CHROMIUM,
  exclude: ['test/browser/packages/*.test.ts', 'test/browser/gemini/broker.test.ts'],
}

/**
 * What runs in Firefox too (cross-origin isolated only, to keep npm test short):
 * the sandbox's basics, the deadline and interrupt, the restarts (spare,
 * memory snapshot, Cache Storage; the standby's only in Chromium, as
 * lifecycle.test.ts says), files and images, and the escape
 * corpus, all through the dev server's worker, and bytecode bundles (each
 * browser's own decompression and file writes). The packages, broker and chat
 * tests exercise no browser feature that these do not.
 */
const IN_FIREFOX: BrowserChoice = {
  provider: firefoxBiDi(),
  instance: { browser: 'firefox' },
  include: [
    'test/browser/sandbox/run.test.ts',
    'test/browser/sandbox/deadline.test.ts',
    'test/browser/sandbox/lifecycle.test.ts',
    'test/browser/sandbox/snapshot.test.ts',
    'test/browser/files/*.test.ts',
    'test/browser/isolation/escape.test.ts',
    // Without JSPI, on-demand imports take the path that loads them for the next run.
    'test/browser/packages/on-demand.test.ts',
    'test/browser/packages/bytecode.test.ts',
  ],
}

/**
 * What runs in WebKit (Debian's MiniBrowser over WebDriver, cross-origin
 * isolated, as Safari serves an isolated page): the basics, files and images,
 * the escape corpus and bytecode bundles, one file after another in one browser session. In
 * this WebKit there is no SharedArrayBuffer, so every deadline replaces the
 * worker. Not deadline.test.ts: in WebKitGTK 2.50 the thread of a worker
 * terminated while it spun kept using a core in our runs, so its twenty-odd
 * stops starved everything after them; the stop and the takeover are tested
 * once, last, in the built app (test/e2e/webkit.test.ts), whose browser ends
 * with it.
 */
const IN_WEBKIT: BrowserChoice = {
  provider: webkitWebDriver(),
  instance: { browser: 'webkit' },
  include: [
    'test/browser/sandbox/run.test.ts',
    'test/browser/files/*.test.ts',
    'test/browser/isolation/escape.test.ts',
    'test/browser/packages/bytecode.test.ts',
  ],
}

function browserProject(name: string, crossOriginIsolated: boolean, choice = IN_CHROMIUM): TestProjectInlineConfiguration {
  return {
    plugins: [pyodideAssets(), isolationHeaders(crossOriginIsolated), sandboxFrame(), observerEndpoints(() => observerFor(name)), geminiTestServer(), testMirrors()],
    // Vitest serves the test frames itself; these headers are what make them isolated.
    server: { headers: crossOriginIsolated ? { ...ISOLATION_HEADERS } : {} },
    worker: { format: 'es' },
    test: {
      name,
      include: choice.include,
      exclude: choice.exclude,
      provide: { crossOriginIsolated },
      // Real wheels from PyPI, vendored once per run (cached in .cache/wheels).
      globalSetup: ['test/browser/mirror/setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      browser: {
        enabled: true,
        headless: true,
        provider: choice.provider,
        // A copy: Vitest writes the resolved project name into the instance object.
        instances: [{ ...choice.instance }],
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

function e2eProject(name: string, e2eBrowser: E2EBrowser, include: string[], exclude: string[] = []): TestProjectInlineConfiguration {
  return {
    test: {
      name,
      include,
      exclude,
      environment: 'node',
      provide: { e2eBrowser },
      globalSetup: ['test/e2e/setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 180_000,
    },
  }
}

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      browserProject('browser', true),
      // The same tests without cross-origin isolation: no SharedArrayBuffer, so terminate is the only stop.
      browserProject('browser-no-isolation', false, IN_CHROMIUM_WITHOUT_ISOLATION),
      scienceProject(),
      browserProject('firefox', true, IN_FIREFOX),
      // One MiniBrowser window for the project: its files run one after another in it.
      { ...browserProject('webkit', true, IN_WEBKIT), test: { ...browserProject('webkit', true, IN_WEBKIT).test, fileParallelism: false } },
      // The dev server's worker is tested in Chromium by every browser test above, which Vite serves the same way.
      e2eProject('e2e', 'chromium', ['test/e2e/**/*.test.ts'], ['test/e2e/dev-server.test.ts', 'test/e2e/webkit.test.ts', 'test/e2e/*-firefox.test.ts']),
      // The built app's flows and the dev server in Firefox; they share the Chromium project's build and server.
      // The escape corpus runs in Firefox in the browser project above, against the dev server's policy, with its control.
      // Not offline.test.ts: under Firefox's WebDriver BiDi network emulation (ESR 153) a wheel request that the
      // app's service worker passed on still reached the server, and the page never heard 'online' again, so the
      // driver cannot take the network away the way that test needs. The offline path is tested in Chromium.
      e2eProject('e2e-firefox', 'firefox', ['test/e2e/console.test.ts', 'test/e2e/dev-server.test.ts', 'test/e2e/static-host-firefox.test.ts']),
      // The built app in WebKit over WebDriver (Playwright cannot drive Debian's WebKit), on the decoding static host.
      e2eProject('e2e-webkit', 'webkit', ['test/e2e/webkit.test.ts']),
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
    ],
  },
})
