/**
 * Firefox on the static host that decodes `%2F` (static-host.ts), in one
 * browser session with the app loaded once: the escape attempts at the
 * host, and the preview no-network check. Firefox has no net log a test can read, so the
 * browser is given a recording proxy (recording-proxy.ts) for every host but
 * the loopback ones the test serves: any request a preview made to a vector's
 * host would reach it. Each part has its control in this same browser.
 * Chromium runs the same corpus in static-host.test.ts and reads its net log
 * in preview-network.test.ts.
 */
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { htmlFile } from '../browser/files/preview-vectors.ts'
import { launchFirefox } from '../firefox/launch.ts'
import { UNCONFINED_CONTACT, UNCONFINED_ESCAPED, UNCONFINED_RUN_PATH, unconfinedRunPage } from './escape-control.ts'
import { asksTheHost, describeEscapeCorpus } from './escape-suite.ts'
import { openAppWithData, runInConsole } from './isolation-page.ts'
import { previewAndClick, settle } from './preview-files.ts'
import { askedFor, attacker, DIRECT_HOSTS, PLAIN_VECTORS_PATH, startProxiedHost, type ProxiedHost } from './proxied-host.ts'

let scene: ProxiedHost
let browser: Browser
let page: Page

beforeAll(async () => {
  scene = await startProxiedHost()
  browser = await launchFirefox({ proxy: { server: `http://${scene.proxy.address}`, bypass: DIRECT_HOSTS.join(',') } })
  page = await browser.newPage()
  await openAppWithData(page, scene.host.url, scene.targets.proxy)
})
afterAll(async () => {
  await browser?.close()
  await scene?.close()
})

describe('controls: in this Firefox, on this host, the tests can see an escape and a leak', () => {
  test('an unconfined run of the first attempt, in a page of the app’s origin, escapes and reaches the observer', async () => {
    scene.host.serveRaw(UNCONFINED_RUN_PATH, unconfinedRunPage(scene.targets))
    scene.observer.clear()
    const tab = await browser.newPage()
    await tab.goto(new URL(UNCONFINED_RUN_PATH, scene.host.url).href)
    const output = await tab.waitForFunction(() => (window as unknown as { unconfinedOutput?: string }).unconfinedOutput, undefined, { timeout: 90_000 })
    expect(await output.jsonValue()).toMatch(UNCONFINED_ESCAPED)
    await tab.close()
    expect(scene.observer.contacts()).toContainEqual(UNCONFINED_CONTACT)
  })

  test('the vectors in a plain page of the app’s origin reach the proxy', async () => {
    scene.host.serveRaw(PLAIN_VECTORS_PATH, htmlFile(attacker('plain')))
    const tab = await browser.newPage()
    await tab.goto(new URL(PLAIN_VECTORS_PATH, scene.host.url).href)
    await expect.poll(() => askedFor(scene.proxy, 'plain'), { timeout: 30_000 }).toContain('iframe.plain.attacker.example')
    await tab.close()
  })
})

// Only the attempts that ask the host itself (its API, the proxy, the relay's folders), which a host can answer
// differently. The others meet only the build's policies and the browser: this browser's project runs the whole corpus
// against the dev server, whose policies name more than the build's, and Chromium runs it on this host with this build.
describeEscapeCorpus(
  'an escape attempt at the host fails in Python and reaches nobody, on the decoding static host, in Firefox',
  () => ({
    run: (code) => runInConsole(page, code),
    observer: scene.observer,
    targets: scene.targets,
  }),
  asksTheHost,
)

describe('a preview of a file the code wrote, on the decoding static host, in Firefox', () => {
  test('opening the HTML and SVG previews and clicking in them asks the proxy for no host', async () => {
    await previewAndClick(page, attacker('preview'))
    await settle()
    expect(askedFor(scene.proxy, 'preview')).toEqual([])
  })
})
