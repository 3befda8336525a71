/**
 * The preview network tests' shared part: Python that writes one HTML and one
 * SVG file holding every vector of `test/browser/files/preview-vectors.ts`,
 * and the steps a person takes with them in the console (open both previews,
 * click a link and a submit button inside the HTML one). Each test decides
 * how it listens for the network: Chromium's net log, or a recording proxy.
 */
import type { Page } from 'playwright'
import { htmlFile, svgFile, type HostFor } from '../browser/files/preview-vectors.ts'
import { lastCell } from './app.ts'
import { runInConsole } from './isolation-page.ts'

export const PREVIEWED_FILES = ['vectors.html', 'vectors.svg'] as const

/** Python that writes the two files, their bytes base64-encoded so no quoting can bend them; prints `written`. */
export function writePreviewFilesCode(...hosts: HostFor[]): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64')
  return [
    'import base64',
    `open("vectors.html", "wb").write(base64.b64decode("${b64(htmlFile(...hosts))}"))`,
    `open("vectors.svg", "wb").write(base64.b64decode("${b64(svgFile(...hosts))}"))`,
    'print("written")',
  ].join('\n')
}

/** Writes the files from the console, opens both previews, and clicks the HTML one's link and submit button. */
export async function previewAndClick(page: Page, ...hosts: HostFor[]): Promise<void> {
  const { output } = await runInConsole(page, writePreviewFilesCode(...hosts))
  if (!output.includes('written')) throw new Error(`The files were not written: ${output}`)
  for (const name of PREVIEWED_FILES) await lastCell(page).locator('details.preview', { hasText: name }).locator('.preview-label').click()
  const html = page.frameLocator('iframe[title="Preview of vectors.html"]')
  await html.locator('h1').waitFor()
  await page.locator('iframe[title="Preview of vectors.svg"]').waitFor()
  await html.locator('#leak-link').first().click()
  await html.locator('#leak-submit').first().click()
}

/** A wait for what may still arrive after an action; each test's controls show the same wait sees a leak. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000))
