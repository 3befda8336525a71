/**
 * The built app in WebKit (Debian's MiniBrowser over W3C WebDriver, see
 * test/webkit/webdriver.ts), on the static host that decodes `%2F`
 * (static-host.ts), in one session with the app loaded once: Python starts,
 * the console runs code, the escape attempts at the host, previews that reach no host, a
 * recorded demo replays with its code run here, and the deadline's takeover.
 * The rest of the app's flows run in Chromium and Firefox through Playwright,
 * which cannot drive this WebKit.
 *
 * WebKit has no net log a test can read, so the session is given a recording
 * proxy (recording-proxy.ts) for every host but the loopback ones the test
 * serves: any request a preview made to a vector's host would reach it. Each
 * check has its control in this same browser. Chromium runs the corpus in
 * static-host.test.ts and reads its net log in preview-network.test.ts;
 * Firefox runs both in static-host-firefox.test.ts. One file, one session:
 * starting Python in WebKit is the costliest step of these tests, and none of
 * the app's flows here depends on the host beyond the build's own headers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { htmlFile } from '../browser/files/preview-vectors.ts'
import { launchWebKit, type WebKitSession } from '../webkit/webdriver.ts'
import { UNCONFINED_CONTACT, UNCONFINED_ESCAPED, UNCONFINED_RUN_PATH, unconfinedRunPage } from './escape-control.ts'
import { asksTheHost, describeEscapeCorpus } from './escape-suite.ts'
import { PREVIEWED_FILES, settle, writePreviewFilesCode } from './preview-files.ts'
import { askedFor, attacker, DIRECT_HOSTS, PLAIN_VECTORS_PATH, startProxiedHost, type ProxiedHost } from './proxied-host.ts'
import { openAppWithData, runInConsole, waitInPage } from './webkit-app.ts'

let scene: ProxiedHost
let browser: WebKitSession
let appWindow: string

beforeAll(async () => {
  scene = await startProxiedHost()
  browser = await launchWebKit({ proxy: { server: scene.proxy.address, noProxy: DIRECT_HOSTS } })
  await openAppWithData(browser, new URL('#console', scene.host.url).href, scene.targets.proxy)
  appWindow = await browser.currentWindow()
})
afterAll(async () => {
  await browser?.quit()
  await scene?.close()
})

const waitFor = <T>(script: string, what: string, timeout?: number) => waitInPage<T>(browser, script, what, timeout)
const typeAndRun = async (code: string, timeout?: number) => (await runInConsole(browser, code, { typed: true, timeout })).output

describe('the built app in WebKit', () => {
  test('starts Python in its isolated frame: the page is isolated, and no isolation warning shows', async () => {
    expect(await browser.execute('return crossOriginIsolated')).toBe(true)
    // Shown unless the sandbox frame reports an opaque origin, eval blocked and its narrowed connect policy in force.
    expect(await browser.execute(`return document.querySelector('#isolation-warning')?.hidden ?? true`)).toBe(true)
  })

  test('the console runs code typed into its editor and shows what it printed', async () => {
    expect(await typeAndRun('print(sum(range(10)) * 2)')).toBe('90\n')
  })
})

/** Opens `path` of the host in a window of its own, runs `check` there, then closes it and goes back to the app. */
async function inOwnWindow(path: string, check: () => Promise<void>): Promise<void> {
  await browser.openWindow(new URL(path, scene.host.url).href)
  try {
    await check()
  } finally {
    await browser.closeWindow()
    await browser.switchToWindow(appWindow)
  }
}

describe('controls: in this WebKit, on this host, the tests can see an escape and a leak', () => {
  test('an unconfined run of the first attempt, in a page of the app’s origin, escapes and reaches the observer', async () => {
    scene.host.serveRaw(UNCONFINED_RUN_PATH, unconfinedRunPage(scene.targets))
    scene.observer.clear()
    await inOwnWindow(UNCONFINED_RUN_PATH, async () => {
      expect(await waitFor<string>('return window.unconfinedOutput', 'the unconfined run', 180_000)).toMatch(UNCONFINED_ESCAPED)
    })
    expect(scene.observer.contacts()).toContainEqual(UNCONFINED_CONTACT)
  })

  test('the vectors in a plain page of the app’s origin reach the proxy', async () => {
    scene.host.serveRaw(PLAIN_VECTORS_PATH, htmlFile(attacker('plain')))
    await inOwnWindow(PLAIN_VECTORS_PATH, async () => {
      await expect.poll(() => askedFor(scene.proxy, 'plain'), { timeout: 30_000 }).toContain('iframe.plain.attacker.example')
    })
  })
})

// Only the attempts that ask the host itself (its API, the proxy, the relay's folders), which a host can answer
// differently. The others meet only the build's policies and the browser: this browser's project runs the whole corpus
// against the dev server, whose policies name more than the build's, and Chromium runs it on this host with this build.
describeEscapeCorpus(
  'an escape attempt at the host fails in Python and reaches nobody, on the decoding static host, in WebKit',
  () => ({
    run: (code) => runInConsole(browser, code),
    observer: scene.observer,
    targets: scene.targets,
  }),
  asksTheHost,
)

describe('a preview of a file the code wrote, on the decoding static host, in WebKit', () => {
  test('opening the HTML and SVG previews and clicking in them asks the proxy for no host', async () => {
    expect((await runInConsole(browser, writePreviewFilesCode(attacker('preview')))).output).toContain('written')
    for (const name of PREVIEWED_FILES) {
      const label = await browser.findByScript(
        `return [...document.querySelectorAll('.cell:last-child details.preview')].find((entry) => entry.textContent.includes(arguments[0]))?.querySelector('.preview-label') ?? null`,
        name,
      )
      await browser.click(label)
      await waitFor(`return document.querySelector('iframe[title="Preview of ${name}"]')`, `the preview of ${name}`)
    }
    // The link and the submit button inside the HTML preview, clicked as a person would.
    await browser.switchToFrame(await browser.find('iframe[title="Preview of vectors.html"]'))
    try {
      await waitFor(`return document.querySelector('h1')?.textContent === 'Every vector'`, 'the HTML preview to render')
      await browser.click(await browser.find('#leak-link'))
      await browser.click(await browser.find('#leak-submit'))
    } finally {
      await browser.switchToFrame(null)
    }
    await settle()
    expect(askedFor(scene.proxy, 'preview')).toEqual([])
  })
})

describe('a recorded demo in WebKit', () => {
  test('replays through the real broker, with its code run in this browser', async () => {
    // The chat view of the same page, with no conversation yet, offers the recorded demos.
    await browser.click(await browser.findButton('Chat'))
    await browser.click(await browser.findButton('Replay “Analyse a CSV of sales”'))
    const output = await waitFor<string>(`return document.querySelector('.log .from-model:last-child .result-part .output-text')?.textContent`, 'the replayed run', 120_000)
    expect(output).toContain('48 rows, columns: date, region, product, revenue')
    expect(await browser.execute(`return document.querySelector('.replay-banner')?.textContent`)).toContain('turns come from a recording')
  })
})

describe('the deadline in WebKit', () => {
  // Last in the file: in WebKitGTK 2.50 the thread of a worker terminated while it spun kept using a core in our runs,
  // so nothing else should share this browser after the stop; the session ends with the file.
  test('a run that never ends is stopped at the time limit by replacing the worker, and the next run works', async () => {
    // This WebKit has no SharedArrayBuffer, so the stop at the app's 30 s limit is a takeover by the spare.
    expect(await typeAndRun('while True: pass', 180_000)).toMatch(/Execution exceeded the time limit of 30 seconds and was stopped\./)
    expect(await typeAndRun('print(6 * 7)', 180_000)).toBe('42\n')
  }, 600_000)
})
