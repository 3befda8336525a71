/**
 * WebKit (MiniBrowser over WebDriver) on the static host that decodes `%2F`
 * (static-host.ts), in one session with the app loaded once: the escape
 * corpus, and the preview no-network check. WebKit has no net log a test can
 * read, so the session is given a recording proxy (recording-proxy.ts) for
 * every host but the loopback ones the test serves: any request a preview
 * made to a vector's host would reach it. Each part has its control in this
 * same browser. Chromium runs the same corpus in static-host.test.ts and
 * reads its net log in preview-network.test.ts; Firefox runs both in
 * static-host-firefox.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { htmlFile } from '../browser/files/preview-vectors.ts'
import type { EscapeTargets } from '../browser/isolation/escape-corpus.ts'
import type { Observer } from '../observer/server.ts'
import { launchWebKit, type WebKitSession } from '../webkit/webdriver.ts'
import { UNCONFINED_CONTACT, UNCONFINED_ESCAPED, UNCONFINED_RUN_PATH, unconfinedRunPage } from './escape-control.ts'
import { describeEscapeCorpus } from './escape-suite.ts'
import { PREVIEWED_FILES, settle, writePreviewFilesCode } from './preview-files.ts'
import { askedFor, attacker, DIRECT_HOSTS, PLAIN_VECTORS_PATH, startProxiedHost, type ProxiedHost } from './proxied-host.ts'
import type { RecordingProxy } from './recording-proxy.ts'
import type { StaticHost } from './static-host.ts'
import { openAppWithData, runInConsole, waitInPage } from './webkit-app.ts'

let scene: ProxiedHost
let observer: Observer
let host: StaticHost
let proxy: RecordingProxy
let browser: WebKitSession
let appWindow: string
let targets: EscapeTargets

beforeAll(async () => {
  scene = await startProxiedHost()
  ;({ observer, host, proxy, targets } = scene)
  browser = await launchWebKit({ proxy: { server: proxy.address, noProxy: DIRECT_HOSTS } })
  await openAppWithData(browser, host.url, targets.proxy)
  appWindow = await browser.currentWindow()
})
afterAll(async () => {
  await browser?.quit()
  await scene?.close()
})

/** Opens `path` of the host in a window of its own, runs `check` there, then closes it and goes back to the app. */
async function inOwnWindow(path: string, check: () => Promise<void>): Promise<void> {
  await browser.openWindow(new URL(path, host.url).href)
  try {
    await check()
  } finally {
    await browser.closeWindow()
    await browser.switchToWindow(appWindow)
  }
}

describe('controls: in this WebKit, on this host, the tests can see an escape and a leak', () => {
  test('an unconfined run of the first attempt, in a page of the app’s origin, escapes and reaches the observer', async () => {
    host.serveRaw(UNCONFINED_RUN_PATH, unconfinedRunPage(targets))
    observer.clear()
    await inOwnWindow(UNCONFINED_RUN_PATH, async () => {
      const output = await waitInPage<string>(browser, 'return window.unconfinedOutput', 'the unconfined run', 180_000)
      expect(output).toMatch(UNCONFINED_ESCAPED)
    })
    expect(observer.contacts()).toContainEqual(UNCONFINED_CONTACT)
  })

  test('the vectors in a plain page of the app’s origin reach the proxy', async () => {
    host.serveRaw(PLAIN_VECTORS_PATH, htmlFile(attacker('plain')))
    await inOwnWindow(PLAIN_VECTORS_PATH, async () => {
      await expect.poll(() => askedFor(proxy, 'plain'), { timeout: 30_000 }).toContain('iframe.plain.attacker.example')
    })
  })
})

describeEscapeCorpus('an escape attempt fails in Python and reaches nobody, on the decoding static host, in WebKit', () => ({
  run: (code) => runInConsole(browser, code),
  observer,
  targets,
}))

describe('a preview of a file the code wrote, on the decoding static host, in WebKit', () => {
  test('opening the HTML and SVG previews and clicking in them asks the proxy for no host', async () => {
    const { output } = await runInConsole(browser, writePreviewFilesCode(attacker('preview')))
    expect(output).toContain('written')
    for (const name of PREVIEWED_FILES) {
      const label = await browser.findByScript(
        `return [...document.querySelectorAll('.cell:last-child details.preview')].find((entry) => entry.textContent.includes(arguments[0]))?.querySelector('.preview-label') ?? null`,
        name,
      )
      await browser.click(label)
      await waitInPage(browser, `return document.querySelector('iframe[title="Preview of ${name}"]')`, `the preview of ${name}`)
    }
    // The link and the submit button inside the HTML preview, clicked as a person would.
    await browser.switchToFrame(await browser.find('iframe[title="Preview of vectors.html"]'))
    try {
      await waitInPage(browser, `return document.querySelector('h1')?.textContent === 'Every vector'`, 'the HTML preview to render')
      await browser.click(await browser.find('#leak-link'))
      await browser.click(await browser.find('#leak-submit'))
    } finally {
      await browser.switchToFrame(null)
    }
    await settle()
    expect(askedFor(proxy, 'preview')).toEqual([])
  })
})
