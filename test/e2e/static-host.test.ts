/**
 * The built app on a plain static host that decodes `%2F` and resolves dot
 * segments (`static-host.ts`), with secrets beside the app, an endpoint that
 * needs the session cookie and a redirect from an allowed file to a secret.
 * The whole escape corpus runs here too, and the files the code writes are
 * opened every way a person would.
 */
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { safeDownloadName } from '../../src/files/safe-display.ts'
import { TEST_API_KEY } from '../browser/isolation/app-data.ts'
import type { EscapeTargets } from '../browser/isolation/escape-corpus.ts'
import { APP_SECRET } from '../observer/app-endpoints.ts'
import { startObserver, type Observer } from '../observer/server.ts'
import { launchChromium } from './browser.ts'
import { describeEscapeCorpus, targetsFor } from './escape-suite.ts'
import { HOSTILE_NAME, hostileFiles, writeFilesCode } from './generated-files.ts'
import { lastCell } from './app.ts'
import { openAppWithData, runInConsole } from './isolation-page.ts'
import { startStaticHost, type StaticHost } from './static-host.ts'

let observer: Observer
let host: StaticHost
let browser: Browser
let context: BrowserContext
let page: Page
let targets: EscapeTargets

const ranKeys = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('ran-')))

beforeAll(async () => {
  observer = await startObserver()
  host = await startStaticHost('dist', observer)
  targets = targetsFor(host.url, observer)
  browser = await launchChromium()
  context = await browser.newContext({ acceptDownloads: true })
  page = await context.newPage()
  await openAppWithData(page, host.url, targets.proxy)
})
afterAll(async () => {
  await browser?.close()
  await host?.close()
  await observer?.close()
})

describe('the static host is the dangerous kind (controls)', () => {
  test('it serves /pyodide/..%2fsecret.txt from /secret.txt, and the app page runs cross-origin isolated', async () => {
    const response = await fetch(`${host.url}pyodide/..%2fsecret.txt`)
    expect(await response.text()).toContain(APP_SECRET)
    // The app may still be fetching its own files: look for this request's path among those the host resolved.
    expect(host.resolved).toContain('/secret.txt')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.locator('#isolation-warning').isHidden()).toBe(true)
  })

  test("the page's own fetch would get both secrets, the cookie-protected one only with cookies", async () => {
    const got = await page.evaluate(async (index) => {
      const text = async (url: string, init?: RequestInit) => `${(await fetch(url, init)).status}`
      return [await text(`${index}..%2fsecret.txt`), await text('/api/me.json'), await text('/api/me.json', { credentials: 'omit' })]
    }, targets.indexURL)
    expect(got).toEqual(['200', '200', '401'])
    observer.clear()
  })
})

describeEscapeCorpus('an escape attempt fails in Python and reaches nobody, on the decoding static host', () => ({ run: (code) => runInConsole(page, code), observer, targets }))

describe('files the code writes never run script in the app’s origin', () => {
  const files = Object.keys(hostileFiles('http://observer.invalid'))
  let links: { name: string; href: string; download: string | null }[] = []

  beforeAll(async () => {
    const { output } = await runInConsole(page, writeFilesCode(observer.url))
    expect(output).toContain(`${files.length} files written`)
    links = await lastCell(page).locator('a.download').evaluateAll((anchors: HTMLAnchorElement[]) =>
      anchors.map((a) => ({ name: a.textContent ?? '', href: a.href, download: a.getAttribute('download') })),
    )
  })

  test('control: a text/html blob of the app’s origin, opened from a page without a policy, does run and read the key', async () => {
    host.serveRaw('/control.html', '<!doctype html><title>control</title>')
    const tab = await context.newPage()
    await tab.goto(`${host.url}control.html`)
    // No request to the observer here: a late one could land in the next test's record.
    await tab.evaluate((html) => {
      location.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }))
    }, `<!doctype html><script>localStorage.setItem('ran-control', String(localStorage.getItem('gemini-chat.api-key')))</script>`)
    await expect.poll(ranKeys).toEqual(['ran-control'])
    expect(await page.evaluate(() => localStorage.getItem('ran-control'))).toBe(TEST_API_KEY)
    await tab.close()
    await page.evaluate(() => localStorage.removeItem('ran-control'))
  })

  test('every file is a download link to a blob, named safely, its name shown as text', async () => {
    expect(links.map((link) => link.name.replace(/^⬇ (.*) \([\d.]+ [KM]?B\)$/, '$1')).sort()).toEqual([...files].sort())
    for (const link of links) {
      expect(link.href).toMatch(/^blob:/)
      expect(link.download).toBe(safeDownloadName(link.name.replace(/^⬇ (.*) \(.*$/, '$1')))
    }
    expect(await lastCell(page).locator('img[src="q"]').count()).toBe(0)
    expect(await lastCell(page).locator('.files').textContent()).toContain(HOSTILE_NAME)
  })

  test('only the real PNG is shown as an image', async () => {
    const sources = await lastCell(page).locator('img').evaluateAll((images: HTMLImageElement[]) => images.map((img) => img.src))
    expect(sources).toHaveLength(1)
    expect(sources[0]).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
  })

  test('clicking, opening in a new tab and navigating straight to each link all download, and nothing runs', async () => {
    observer.clear()
    const pace = downloadPace()
    for (const [index, link] of links.entries()) {
      const anchor = lastCell(page).locator('a.download').nth(index)
      // 1. A click: the browser saves the file.
      await pace.beforeDownload()
      const [download] = await Promise.all([page.waitForEvent('download'), anchor.click()])
      pace.downloaded()
      expect(download.suggestedFilename()).toBe(link.download)
      await download.cancel()
      // 2. Ctrl+click, "open in new tab": a tab may open, but it must not render the file.
      await pace.beforeDownload()
      const outcome = Promise.race([
        context.waitForEvent('page', { timeout: 10_000 }).then((tab) => ({ tab })),
        page.waitForEvent('download', { timeout: 10_000 }).then((saved) => ({ saved })),
      ])
      await anchor.click({ modifiers: ['Control'] })
      const opened = await outcome
      if ('tab' in opened) await expectNothingRendered(opened.tab)
      else {
        pace.downloaded()
        await opened.saved.cancel()
      }
      // 3. The blob URL typed or pasted into a new tab.
      const direct = await context.newPage()
      const navigation = await direct.goto(link.href).then(
        () => 'rendered',
        (error: Error) => (/Download is starting|net::ERR_ABORTED/.test(error.message) ? 'downloaded' : error.message),
      )
      expect(navigation, link.name).toBe('downloaded')
      await expectNothingRendered(direct)
    }
    expect(await ranKeys()).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(observer.contacts()).toEqual([])
  })

  test('HTML and SVG preview only in a sandboxed, opaque-origin frame, without scripts', async () => {
    for (const name of ['report.html', 'chart.svg']) {
      const entry = lastCell(page).locator('details.preview', { hasText: name })
      await entry.locator('.preview-label').click()
      const frame = entry.locator('iframe')
      expect(await frame.getAttribute('sandbox')).toBe('')
      expect(await frame.getAttribute('src')).toBeNull()
    }
    await expect.poll(() => page.frameLocator('iframe[title="Preview of report.html"]').locator('h1').textContent()).toBe('Quarterly report')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await ranKeys()).toEqual([])
    expect(observer.contacts()).toEqual([])
  })
})

/**
 * Chromium silently drops a frame's 11th download within one second of the
 * first of a burst (Blink's burst download limit: ten). A person never clicks
 * that fast; this test would, so each click waits until a second has passed
 * since the test saw the download ten before it. The test sees a download after
 * the page asked for it and clicks before the page asks, so the page's own gap
 * is at least as long.
 */
function downloadPace() {
  const seen: number[] = []
  return {
    async beforeDownload() {
      const tenBefore = seen.at(-10)
      const wait = tenBefore === undefined ? 0 : tenBefore + 1_050 - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    },
    downloaded() {
      seen.push(Date.now())
    },
  }
}

/** A tab that shows nothing of the file: no document of it, so no script of it. */
async function expectNothingRendered(tab: Page): Promise<void> {
  const title = await tab.title().catch(() => '')
  expect(title).not.toBe('RAN')
  await tab.close()
}
