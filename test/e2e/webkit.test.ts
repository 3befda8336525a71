/**
 * The built app in WebKit (Debian's MiniBrowser over W3C WebDriver, see
 * test/webkit/webdriver.ts), under `vite preview`: Python starts, the console
 * runs code, and a recorded demo replays with its code run here. The rest of
 * the app's flows run in Chromium and Firefox through Playwright, which cannot
 * drive this WebKit; these few use the page-driver's handful of calls.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchWebKit, type WebKitSession } from '../webkit/webdriver.ts'
import { waitForPython, waitInPage } from './webkit-app.ts'

let browser: WebKitSession

const waitFor = <T>(script: string, what: string, timeout?: number) => waitInPage<T>(browser, script, what, timeout)

const pageText = (selector: string) => `return [...document.querySelectorAll(${JSON.stringify(selector)})].map((node) => node.textContent).join('\\n')`

beforeAll(async () => {
  browser = await launchWebKit()
  await browser.goto(new URL('#console', inject('appURL')).href)
  await waitForPython(browser)
})
afterAll(() => browser?.quit())

describe('the built app in WebKit', () => {
  test('starts Python in its isolated frame: the page is isolated, and no isolation warning shows', async () => {
    expect(await browser.execute('return crossOriginIsolated')).toBe(true)
    // Shown unless the sandbox frame reports an opaque origin, eval blocked and its narrowed connect policy in force.
    expect(await browser.execute(`return document.querySelector('#isolation-warning')?.hidden ?? true`)).toBe(true)
  })

  test('the console runs code typed into its editor and shows what it printed', async () => {
    expect(await runInConsole('print(sum(range(10)) * 2)')).toBe('90\n')
  })
})

/** Types `code` (one line) into the console's editor, runs it, and returns the new cell's output once it has ended. */
async function runInConsole(code: string, timeout = 60_000): Promise<string> {
  // The console's view may have just been chosen: wait until its editor can be clicked.
  await waitFor(`return (document.querySelector('.cm-content')?.getClientRects().length ?? 0) > 0`, 'the console to show its editor')
  const editor = await browser.find('.cm-content')
  await browser.click(editor)
  // Selects the editor's code (the editor follows the page's selection), so typing replaces it.
  await browser.execute(`const range = document.createRange(); range.selectNodeContents(document.querySelector('.cm-content')); getSelection().removeAllRanges(); getSelection().addRange(range)`)
  await waitFor(`return getSelection().toString().length > 0`, 'the code in the editor to be selected')
  await browser.type(editor, code)
  // The editor closes a bracket as it is typed, and the typed one steps over it.
  await waitFor(`return document.querySelector('.cm-content').textContent === ${JSON.stringify(code)}`, 'the editor to hold the code')
  const cellsBefore = await browser.execute<number>(`return document.querySelectorAll('.cell').length`)
  await browser.click(await browser.findButton('Run'))
  await waitFor(
    `return document.querySelectorAll('.cell').length > ${cellsBefore} && / in \\d+\\.\\d\\d s$/.test(document.querySelector('.cell:last-child .cell-status')?.textContent ?? '')`,
    'the run to end',
    timeout,
  )
  return browser.execute<string>(`return document.querySelector('.cell:last-child .output').textContent`)
}

describe('a recorded demo in WebKit', () => {
  test('replays through the real broker, with its code run in this browser', async () => {
    await browser.goto(inject('appURL'))
    await waitForPython(browser)
    await browser.click(await browser.findButton('Replay “Analyse a CSV of sales”'))
    const output = await waitFor<string>(`return document.querySelector('.log .from-model:last-child .result-part .output-text')?.textContent`, 'the replayed run', 120_000)
    expect(output).toContain('48 rows, columns: date, region, product, revenue')
    expect(await browser.execute(pageText('.replay-banner'))).toContain('turns come from a recording')
  })
})

describe('the deadline in WebKit', () => {
  // Last in the file: in WebKitGTK 2.50 the thread of a worker terminated while it spun kept using a core in our runs,
  // so nothing else should share this browser after the stop; the session ends with the file.
  test('a run that never ends is stopped at the time limit by replacing the worker, and the next run works', async () => {
    // This WebKit has no SharedArrayBuffer, so the stop at the app's 30 s limit is a takeover by the spare.
    await browser.click(await browser.findButton('Console'))
    expect(await runInConsole('while True: pass', 180_000)).toMatch(/Execution exceeded the time limit of 30 seconds and was stopped\./)
    expect(await runInConsole('print(6 * 7)', 180_000)).toBe('42\n')
  }, 600_000)
})
