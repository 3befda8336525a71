import { playwright } from '@vitest/browser-playwright'
import { defineConfig, mergeConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import viteConfig from './vite.config.ts'
import { isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'

// Debian's chromium: Playwright's own browser download cannot work on our machines.
const chromium = playwright({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
})

function browserProject(name: string, crossOriginIsolated: boolean): TestProjectInlineConfiguration {
  return {
    extends: false,
    plugins: [pyodideAssets(), isolationHeaders(crossOriginIsolated)],
    worker: { format: 'es' },
    server: { headers: crossOriginIsolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {} },
    test: {
      name,
      include: ['test/browser/**/*.test.ts'],
      provide: { crossOriginIsolated },
      testTimeout: 120_000,
      hookTimeout: 120_000,
      browser: {
        enabled: true,
        headless: true,
        provider: chromium,
        instances: [{ browser: 'chromium' }],
        screenshotFailures: false,
      },
    },
  }
}

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        { extends: false, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
        browserProject('browser', true),
        browserProject('browser-no-isolation', false),
      ],
    },
  }),
)
