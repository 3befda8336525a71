/**
 * A second visit with the network off: the service worker serves the app,
 * the Pyodide core and the packages loaded online, with the headers that keep
 * the page cross-origin isolated.
 */
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { PYTHON_READY, runInConsole } from './app.ts'
import { launchBrowser } from './browser.ts'
import { E2E_MIRROR_LOCK } from './paths.ts'

// The e2e setup vendors six into the build's mirror (see paths.ts), so the package path is always tested.
const mirroredPackages = (JSON.parse(readFileSync(E2E_MIRROR_LOCK, 'utf8')) as { packages: Record<string, { file_name: string }> }).packages
expect(mirroredPackages.six?.file_name).toMatch(/^six-.+\.whl$/)

/** Headers that decide isolation and what a page may load; a cached copy must keep them all. */
const SECURITY_HEADERS = [
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
  'cross-origin-resource-policy',
  'content-security-policy',
  'x-content-type-options',
]

/** A wheel the mirror does not have. */
const MISSING_WHEEL = 'packages/never-vendored-0.0.0-py3-none-any.whl'

let browser: Browser
let context: BrowserContext
let page: Page

function run(code: string): Promise<string> {
  return runInConsole(page, code)
}

function mainTop(): Promise<number> {
  return page.locator('#main').evaluate((main) => main.getBoundingClientRect().top)
}

function securityHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(SECURITY_HEADERS.filter((name) => name in headers).map((name) => [name, headers[name]!]))
}

beforeAll(async () => {
  browser = await launchBrowser()
  context = await browser.newContext()
  page = await context.newPage()
})
afterAll(() => browser?.close())

describe('the first visit, online', () => {
  /** Where the page's content starts, before the offline notice can have appeared. */
  let contentTop: number

  beforeAll(async () => {
    await page.goto(new URL('#console', inject('appURL')).href)
    contentTop = await mainTop()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 60_000 })
  })

  test('says it is ready to work offline once the service worker has precached the app, moving nothing', async () => {
    await page.getByText('Ready to work offline').waitFor({ timeout: 60_000 })
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    // The notice comes seconds after Python: had it pushed the content down, a click just then would land elsewhere.
    expect(await mainTop()).toBe(contentTop)
  })

  test('precaches every HTML entry and the Pyodide core, and no wheel', async () => {
    const precached = await page.evaluate(async () => {
      const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'))!
      const requests = await (await caches.open(name)).keys()
      return requests.map((request) => new URL(request.url).pathname)
    })
    expect(precached).toContain('/index.html')
    for (const file of ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json']) {
      expect(precached).toContain(`/pyodide/${file}`)
    }
    expect(precached.filter((path) => path.endsWith('.whl'))).toEqual([])
  })

  test('caches a vendored wheel when Python first imports it', async () => {
    expect(await run('import six\nprint(six.__version__)')).toMatch(/^\d+\.\d+\.\d+\n$/)
    const cached = await page.evaluate(async () => {
      const requests = await (await caches.open('python-packages')).keys()
      return requests.map((request) => new URL(request.url).pathname)
    })
    expect(cached.some((path) => /^\/packages\/six-[^/]+\.whl$/.test(path))).toBe(true)
  })

  test('a missing wheel gets the static host’s index page, which the service worker does not keep as the wheel', async () => {
    const answer = await page.evaluate(async (url) => {
      const response = await fetch(url)
      return { status: response.status, type: response.headers.get('content-type') }
    }, MISSING_WHEEL)
    // What vite preview does for a file it lacks; the offline visit below shows that nothing was kept.
    expect(answer).toEqual({ status: 200, type: expect.stringContaining('text/html') })
  })
})

describe('the second visit, with the network off', () => {
  let fromServiceWorker: boolean | undefined

  beforeAll(async () => {
    await context.setOffline(true)
    const response = await page.reload()
    fromServiceWorker = response?.fromServiceWorker()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 60_000 })
  })

  test('really has no network: what the service worker has not cached fails to load, the missing wheel included', async () => {
    const loaded = await page.evaluate((url) => fetch(url).then(() => true, () => false), MISSING_WHEEL)
    expect(loaded).toBe(false)
  })

  test('gets the page from the service worker, still cross-origin isolated', async () => {
    expect(fromServiceWorker).toBe(true)
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.locator('#isolation-warning').isHidden()).toBe(true)
  })

  test('serves every precached HTML entry with the security headers the server sent', async () => {
    const entries = await page.evaluate(async () => {
      const name = (await caches.keys()).find((key) => key.startsWith('workbox-precache'))!
      const requests = await (await caches.open(name)).keys()
      return requests.map((request) => new URL(request.url).pathname).filter((path) => path.endsWith('.html'))
    })
    expect(entries.length).toBeGreaterThan(0)
    for (const path of entries) {
      // Node's fetch is outside the browser, so it still reaches the server.
      const online = await fetch(new URL(path, inject('appURL')))
      const offline = await page.evaluate(async (url) => {
        const response = await fetch(url)
        return Object.fromEntries(response.headers)
      }, path)
      expect(securityHeaders(offline), path).toEqual(securityHeaders(Object.fromEntries(online.headers)))
    }
    const index = securityHeaders(Object.fromEntries((await fetch(new URL('/index.html', inject('appURL')))).headers))
    expect(index).toMatchObject({ 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' })
  })

  test('shows that it is offline', async () => {
    await expect.poll(() => page.locator('#connectivity').textContent()).toBe('Offline')
    expect(await page.locator('#connectivity').isVisible()).toBe(true)
  })

  test('runs Python', async () => {
    expect(await run('print(sum(range(10)))')).toBe('45\n')
  })

  test('imports the vendored package it loaded online', async () => {
    expect(await run('import six\nprint(six.__version__)')).toMatch(/^\d+\.\d+\.\d+\n$/)
  })

  test('says it is online again when the network comes back', async () => {
    await context.setOffline(false)
    await expect.poll(() => page.locator('#connectivity').textContent()).toBe('Ready to work offline')
  })
})
