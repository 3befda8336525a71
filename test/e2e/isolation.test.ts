import type { Browser, Page } from 'playwright'
import { preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { TEST_API_KEY } from '../browser/isolation/app-data.ts'
import { ESCAPE_CORPUS, type EscapeTargets } from '../browser/isolation/escape-corpus.ts'
import { observerEndpoints } from '../observer/plugin.ts'
import { startObserver, type Observer } from '../observer/server.ts'
import { launchBrowser } from './browser.ts'
import { runInConsole, storeAppDataInPage } from './isolation-page.ts'

// The production build (made by setup.ts), served by `vite preview` with the documented headers,
// plus stand-ins for the app's own API and a Gemini proxy that record every hit.
let observer: Observer
let server: PreviewServer
let browser: Browser
let page: Page
let targets: EscapeTargets
const pageMessages: string[] = []

beforeAll(async () => {
  observer = await startObserver()
  server = await preview({
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    plugins: [observerEndpoints(async () => observer)],
  })
  const appURL = server.resolvedUrls!.local[0]!
  const origin = new URL(appURL).origin
  targets = { observer: observer.url, app: origin, appEndpoint: `${origin}/api/secret`, proxy: `${origin}/api/gemini-proxy/`, apiKey: TEST_API_KEY }
  browser = await launchBrowser()
  page = await browser.newPage()
  page.on('console', (message) => pageMessages.push(message.text()))
  await page.goto(appURL)
  await storeAppDataInPage(page, TEST_API_KEY, targets.proxy)
  await page.getByText(/Python 3\.14\.\d+ ready/).waitFor({ timeout: 90_000 })
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await observer?.close()
})

describe('the production build under vite preview', () => {
  test('runs Python in an opaque-origin frame and shows no isolation warning', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    const frame = page.locator('iframe[sandbox="allow-scripts"]')
    expect(await frame.count()).toBeGreaterThan(0)
    expect(await page.locator('#isolation-warning').isHidden()).toBe(true)
  })
})

describe('an escape attempt fails in Python and reaches nobody, in the built app', () => {
  for (const attempt of ESCAPE_CORPUS) {
    test(attempt.vector, async () => {
      observer.clear()
      const { output, status } = await runInConsole(page, attempt.code(targets))
      expect(status, output).toMatch(/^ok in/)
      expect(output).toMatch(/^BLOCKED: /m)
      expect(output).not.toContain('ESCAPED')
      expect(output).not.toContain(TEST_API_KEY)
      await new Promise((resolve) => setTimeout(resolve, 300)) // lets a background request reach the observer
      expect(observer.contacts()).toEqual([])
    })
  }
})
