/**
 * The built app in WebKit (Debian's MiniBrowser over W3C WebDriver, see
 * test/webkit/webdriver.ts), under `vite preview`: Python starts, the console
 * runs code, and a recorded demo replays with its code run here. The rest of
 * the app's flows run in Chromium and Firefox through Playwright, which cannot
 * drive this WebKit; these few use the page-driver's handful of calls.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchWebKit, type WebKitSession } from '../webkit/webdriver.ts'
import { PYTHON_READY } from './app.ts'

let browser: WebKitSession

/** Waits until `script` (a function body run in the page) returns something truthy, and returns it. */
async function waitInPage<T>(script: string, what: string, timeout = 60_000): Promise<T> {
  const until = Date.now() + timeout
  for (;;) {
    const value = await browser.execute<T>(script)
    if (value) return value
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; the page said: ${await browser.execute<string>('return document.body.innerText.slice(0, 2000)')}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const pageText = (selector: string) => `return [...document.querySelectorAll(${JSON.stringify(selector)})].map((node) => node.textContent).join('\\n')`

beforeAll(async () => {
  browser = await launchWebKit()
  await browser.goto(new URL('#console', inject('appURL')).href)
  await waitInPage(`return ${PYTHON_READY}.test(document.body.innerText)`, 'Python to start', 180_000)
})
afterAll(() => browser?.quit())

describe('the built app in WebKit', () => {
  test('starts Python in its isolated frame: the page is isolated, and no isolation warning shows', async () => {
    expect(await browser.execute('return crossOriginIsolated')).toBe(true)
    // Shown unless the sandbox frame reports an opaque origin, eval blocked and its narrowed connect policy in force.
    expect(await browser.execute(`return document.querySelector('#isolation-warning')?.hidden ?? true`)).toBe(true)
  })

  test('the console runs code typed into its editor and shows what it printed', async () => {
    const editor = await browser.find('.cm-content')
    await browser.click(editor)
    // Selects the example code the editor opens with (the editor follows the page's selection), so typing replaces it.
    await browser.execute(`const range = document.createRange(); range.selectNodeContents(document.querySelector('.cm-content')); getSelection().removeAllRanges(); getSelection().addRange(range)`)
    await waitInPage(`return getSelection().toString().length > 0`, 'the example code to be selected')
    await browser.type(editor, 'print(sum(range(10)) * 2)')
    // The editor closes the bracket as it is typed, and the typed one steps over it.
    await waitInPage(`return document.querySelector('.cm-content').textContent === 'print(sum(range(10)) * 2)'`, 'the editor to hold the code')
    const cellsBefore = await browser.execute<number>(`return document.querySelectorAll('.cell').length`)
    await browser.click(await browser.findButton('Run'))
    await waitInPage(`return document.querySelectorAll('.cell').length > ${cellsBefore} && / in \\d+\\.\\d\\d s$/.test(document.querySelector('.cell:last-child .cell-status')?.textContent ?? '')`, 'the run to end')
    expect(await browser.execute(`return document.querySelector('.cell:last-child .output').textContent`)).toBe('90\n')
  })
})

describe('a recorded demo in WebKit', () => {
  test('replays through the real broker, with its code run in this browser', async () => {
    await browser.goto(inject('appURL'))
    await waitInPage(`return ${PYTHON_READY}.test(document.body.innerText)`, 'Python to start', 180_000)
    await browser.click(await browser.findButton('Replay “Analyse a CSV of sales”'))
    const output = await waitInPage<string>(`return document.querySelector('.log .from-model:last-child .result-part .output-text')?.textContent`, 'the replayed run', 120_000)
    expect(output).toContain('48 rows, columns: date, region, product, revenue')
    expect(await browser.execute(pageText('.replay-banner'))).toContain('turns come from a recording')
  })
})
