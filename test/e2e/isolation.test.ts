import type { Browser, Page } from 'playwright'
import { preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { EscapeTargets } from '../browser/isolation/escape-corpus.ts'
import { observerEndpoints } from '../observer/plugin.ts'
import { startObserver, type Observer } from '../observer/server.ts'
import { launchBrowser } from './browser.ts'
import { asksTheHost, describeEscapeCorpus, targetsFor } from './escape-suite.ts'
import { openAppWithData, runInConsole } from './isolation-page.ts'

// The production build (made by setup.ts), served by `vite preview` with the documented headers,
// plus stand-ins for the app's own API, a Gemini proxy and secrets beside the app, which record every hit.
// test/e2e/static-host.test.ts runs the same corpus against a plain static host that decodes %2F.
let observer: Observer
let server: PreviewServer
let browser: Browser
let page: Page
let targets: EscapeTargets

beforeAll(async () => {
  observer = await startObserver()
  server = await preview({
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    plugins: [observerEndpoints(async () => observer)],
  })
  const appURL = server.resolvedUrls!.local[0]!
  targets = targetsFor(appURL, observer)
  browser = await launchBrowser()
  page = await browser.newPage()
  await openAppWithData(page, appURL, targets.proxy)
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

describe("the built app's page policy and headers", () => {
  test('vite preview says no page may frame the app', async () => {
    const response = await fetch(server.resolvedUrls!.local[0]!)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'")
  })

  test('the page may not connect to a host it does not need: another localhost port, or any https: host', async () => {
    const urls = ['http://127.0.0.1:9/', 'https://example.com/']
    await page.evaluate(async (urls) => {
      const blocked: string[] = ((window as unknown as { blockedConnects: string[] }).blockedConnects = [])
      document.addEventListener('securitypolicyviolation', (event) => void (event.effectiveDirective === 'connect-src' && blocked.push(event.blockedURI)))
      for (const url of urls) await fetch(url).catch(() => undefined)
    }, urls)
    // Violation events are queued as tasks of their own: wait for them rather than assume their order.
    await expect.poll(() => page.evaluate(() => (window as unknown as { blockedConnects: string[] }).blockedConnects)).toEqual(urls)
  })
})

// Only the attempts that ask the host itself: static-host.test.ts runs the whole corpus against the same build, with the
// same policies, in this browser, on a host that decodes `%2F` (so answers more than vite preview does). What vite
// preview alone can change is how it answers requests to the app's origin: its API, the proxy and the relay's folders.
describeEscapeCorpus(
  'an escape attempt at the host fails in Python and reaches nobody, in the built app',
  () => ({ run: (code) => runInConsole(page, code), observer, targets }),
  asksTheHost,
)
