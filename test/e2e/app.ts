/**
 * Helpers for driving the built app as a user would: open it, wait for
 * Python, write in the console's editor, run, and read what a run printed.
 */
import type { Browser, BrowserContext, Page } from 'playwright'
import { expect, inject } from 'vitest'

export const PYTHON_READY = /Python 3\.14\.\d+ ready · started in \d+\.\d s/

/**
 * Errors the page logs on load that come from the library, not the app: the
 * sandbox frame probes its own Content-Security-Policy by trying a request the
 * policy must block, and Chromium logs every blocked request as an error.
 */
const LIBRARY_PROBE = /\.sandbox-policy-probe/

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
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(new URL(options.hash ?? '', inject('appURL')).href)
  await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
  return { context, page, errors }
}

/** Replaces the console editor's text, the way a paste would. */
export async function setCode(page: Page, code: string): Promise<void> {
  const editor = page.locator('.cm-content')
  await editor.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.evaluate((text) => {
    const content = document.querySelector('.cm-content')!
    const data = new DataTransfer()
    data.setData('text/plain', text)
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, code)
  await expect.poll(() => editorText(page)).toBe(code)
}

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
  await expect.poll(() => page.locator('.cell').count()).toBe(before + 1)
  await expect.poll(() => lastCell(page).locator('.cell-status').textContent(), { timeout }).toMatch(/ in \d+\.\d\d s$|could not run/)
  return (await lastCell(page).locator('.output').textContent()) ?? ''
}
