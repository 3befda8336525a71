/**
 * Drives the built app in WebKit over WebDriver (test/webkit/webdriver.ts),
 * as isolation-page.ts and app.ts do with Playwright in the other browsers:
 * open the app with the test's data stored, wait for Python, run code in the
 * console and read its cell.
 */
import { TEST_API_KEY } from '../browser/isolation/app-data.ts'
import type { WebKitSession } from '../webkit/webdriver.ts'
import { PYTHON_READY } from './app.ts'
import { putAppData, type ConsoleRun } from './isolation-page.ts'

/** Waits until `script` (a function body run in the page) returns something truthy, and returns it. */
export async function waitInPage<T>(browser: WebKitSession, script: string, what: string, timeout = 60_000): Promise<T> {
  const until = Date.now() + timeout
  // Asks again soon at first (most waits end within a few tens of milliseconds), then every 250 ms.
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    const value = await browser.execute<T>(script)
    if (value) return value
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; the page said: ${await browser.execute<string>('return document.body.innerText.slice(0, 2000)')}`)
    await new Promise((resolve) => setTimeout(resolve, pause))
  }
}

export function waitForPython(browser: WebKitSession): Promise<unknown> {
  return waitInPage(browser, `return ${PYTHON_READY}.test(document.body.innerText)`, 'Python to start', 180_000)
}

/** Opens the app at `appURL`, stores the test's key and `proxy` in it (as `putAppData` does), and waits for Python. */
export async function openAppWithData(browser: WebKitSession, appURL: string, proxy: string): Promise<void> {
  await browser.goto(appURL)
  const failed = await browser.executeAsync<string | null>(
    `const done = arguments[arguments.length - 1]; (${putAppData.toString()})(arguments[0]).then(() => done(null), (error) => done(String(error)))`,
    { apiKey: TEST_API_KEY, proxy },
  )
  if (failed !== null) throw new Error(`Could not store the app's data: ${failed}`)
  await waitForPython(browser)
}

/**
 * Puts `code` into the console's editor: typed key by key (one line: typing a new line would indent it), or
 * as a paste, which CodeMirror inserts as it is. Then checks the editor holds it.
 */
async function setCode(browser: WebKitSession, code: string, typed: boolean): Promise<void> {
  // The console's view may have just been chosen: wait until its editor can be clicked.
  await waitInPage(browser, `return (document.querySelector('.cm-content')?.getClientRects().length ?? 0) > 0`, 'the console to show its editor')
  const editor = await browser.find('.cm-content')
  await browser.click(editor)
  // Selects the editor's code (the editor follows the page's selection), so what comes next replaces it.
  await browser.execute(`const range = document.createRange(); range.selectNodeContents(document.querySelector('.cm-content')); getSelection().removeAllRanges(); getSelection().addRange(range)`)
  await waitInPage(browser, `return getSelection().toString().length > 0`, 'the code in the editor to be selected')
  if (typed) {
    await browser.type(editor, code)
    // The editor closes a bracket as it is typed, and the typed one steps over it.
    await waitInPage(browser, `return document.querySelector('.cm-content').textContent === ${JSON.stringify(code)}`, 'the editor to hold the code')
    return
  }
  await browser.execute(
    `const data = new DataTransfer(); data.setData('text/plain', arguments[0]);
     document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))`,
    code,
  )
  // The editor draws only the lines in view; the run's cell, which shows the code whole, is checked after the run.
  await waitInPage(browser, `return document.querySelectorAll('.cm-content .cm-line').length === ${code.split('\n').length}`, 'the editor to hold the code')
}

export interface RunOptions {
  /** Type the code (one line) rather than paste it. */
  typed?: boolean
  timeout?: number
}

/** Shows the console, runs `code` in a new cell and waits for the run to end; the cell must show the code given. */
export async function runInConsole(browser: WebKitSession, code: string, options: RunOptions = {}): Promise<ConsoleRun> {
  if (await browser.execute<boolean>(`return (document.querySelector('.console')?.getClientRects().length ?? 0) === 0`)) await browser.click(await browser.findButton('Console'))
  await setCode(browser, code, options.typed ?? false)
  const cellsBefore = await browser.execute<number>(`return document.querySelectorAll('.cell').length`)
  await browser.click(await browser.findButton('Run'))
  const last = `document.querySelector('.cell:last-child')`
  await waitInPage(
    browser,
    `return document.querySelectorAll('.cell').length > ${cellsBefore} && / in \\d+\\.\\d\\d s$|could not run/.test(${last}.querySelector('.cell-status')?.textContent ?? '')`,
    'the run to end',
    options.timeout ?? 90_000,
  )
  const shown = await browser.execute<string>(`return ${last}.querySelector('pre.code').textContent`)
  if (shown !== code) throw new Error(`The cell shows other code than was given: ${JSON.stringify(shown.slice(0, 300))}`)
  return browser.execute<ConsoleRun>(`return { output: ${last}.querySelector('.output')?.textContent ?? '', status: ${last}.querySelector('.cell-status').textContent }`)
}
