/**
 * Helpers for driving the built app as a user would: open it, wait for
 * Python, write in the console's editor, run, and read what a run printed.
 */
import type { Browser, BrowserContext, Page } from 'playwright'
import { inject } from 'vitest'

export const PYTHON_READY = /Python 3\.14\.\d+ ready · started in \d+\.\d s/

/**
 * Errors the page logs on load that come from the library, not the app: the
 * sandbox frame proves its confinement by trying what its policy must block
 * (a request to the app's origin, and, seen only in Firefox's log, an eval),
 * and Pyodide feature-tests `import("data:text/javascript,")`, which the
 * policies refuse; Firefox logs these too.
 */
const LIBRARY_PROBE = /\.sandbox-policy-probe|blocked a JavaScript eval \(script-src\)|at data:text\/javascript, from being executed/

export interface OpenedApp {
  context: BrowserContext
  page: Page
  /** Console errors and page errors so far, without the library's policy probe. */
  errors: string[]
}

export async function openApp(browser: Browser, options: { viewport?: { width: number; height: number }; hash?: string } = {}): Promise<OpenedApp> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !LIBRARY_PROBE.test(message.text())) errors.push(message.text())
  })
  // Firefox reports the policy violations of the sandbox frame's probes as page errors, not console messages.
  page.on('pageerror', (error) => {
    if (!LIBRARY_PROBE.test(error.message)) errors.push(error.message)
  })
  await page.goto(new URL(options.hash ?? '', inject('appURL')).href)
  await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
  return { context, page, errors }
}

/**
 * Waits until `read` gives a value `done` accepts; throws with the last value after `timeout`. Not
 * `expect.poll`: these helpers also run in `beforeAll`, where Vitest's expect is not available.
 */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeout = 10_000): Promise<T> {
  const until = Date.now() + timeout
  // Asks again soon at first (most waits end within a few tens of milliseconds), then every 100 ms.
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, pause))
  }
}

/**
 * Replaces the console editor's text, as an input method would insert it: one insertion, so the editor
 * adds no indentation or closing brackets of its own (a synthetic paste event does not reach it in Firefox).
 * CodeMirror draws only the visible part of a very long line, so code with one is checked where it is
 * shown whole instead: in its cell, by `runInConsole`.
 */
export async function setCode(page: Page, code: string): Promise<void> {
  await page.locator('.cm-content').click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
  const drawnWhole = code.split('\n').every((line) => line.length <= LONGEST_LINE_DRAWN)
  await waitFor(() => editorText(page), (text) => (drawnWhole ? text === code : text.split('\n').length === code.split('\n').length), 'the editor to hold the code')
}

/** Lines up to this length are always drawn whole, whatever the window's width. */
const LONGEST_LINE_DRAWN = 200

export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => [...document.querySelectorAll('.cm-content .cm-line')].map((line) => line.textContent).join('\n'))
}

/** The last cell of the console's run history. */
export function lastCell(page: Page) {
  return page.locator('.cell').last()
}

/** Runs code in the console and waits until its cell says how it ended; returns what the cell printed. */
export async function runInConsole(page: Page, code: string, timeout = 60_000): Promise<string> {
  const before = await page.locator('.cell').count()
  await setCode(page, code)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await waitFor(() => page.locator('.cell').count(), (count) => count === before + 1, 'a new cell')
  // The cell shows the code that ran, whole: it must be the code given.
  await waitFor(() => lastCell(page).locator('pre.code').textContent(), (shown) => shown === code, 'the cell to show the code given')
  await waitFor(() => lastCell(page).locator('.cell-status').textContent(), (status) => / in \d+\.\d\d s$|could not run/.test(status ?? ''), 'the run to end', timeout)
  return (await lastCell(page).locator('.output').textContent()) ?? ''
}
