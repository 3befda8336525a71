import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { launchBrowser } from './browser.ts'

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(inject('appURL'))
  await page.getByText(/Python 3\.14\.\d+ ready/).waitFor({ timeout: 60_000 })
})
afterAll(() => browser?.close())

describe('the console page of the built app', () => {
  test('is cross-origin isolated under vite preview, so it shows no isolation warning', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.locator('#isolation-warning').isHidden()).toBe(true)
    // Shown unless the sandbox frame reports an opaque origin, eval blocked and its narrowed connect policy in force.
    expect(await page.locator('#sandbox-warning').isHidden()).toBe(true)
  })

  test('runs the sample and shows its output and last value', async () => {
    await page.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => page.locator('.output').textContent(), { timeout: 30_000 }).toBe('The first 50 primes add up to 5117\n53\n')
    expect(await page.locator('.run-status').textContent()).toMatch(/^ok in \d+\.\d\d s$/)
  })

  test('Stop ends a run that would never finish, and the next run works', async () => {
    await page.locator('.editor').fill('print("looping")\nwhile True: pass')
    await page.getByRole('button', { name: 'Run' }).click()
    await page.locator('.output').getByText('looping').waitFor()
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => page.locator('.output').textContent(), { timeout: 30_000 }).toContain('KeyboardInterrupt')
    await page.locator('.editor').fill('print(2 + 2)')
    await page.locator('.editor').press('Control+Enter')
    await expect.poll(() => page.locator('.output').textContent(), { timeout: 30_000 }).toBe('4\n')
  })

  test('files added on the page reach Python, and files the code writes are offered for download', async () => {
    await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('name,age\nAda,36\n') })
    await expect.poll(() => page.locator('.files').textContent(), { timeout: 30_000 }).toBe('Files: people.csv')
    await page.locator('.editor').fill('rows = open("people.csv").read().splitlines()\nopen("count.txt", "w").write(str(len(rows)))\nprint(rows[1])')
    await page.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => page.locator('.output').textContent(), { timeout: 30_000 }).toBe('Ada,36\n')
    const link = page.locator('.products a')
    expect(await link.textContent()).toBe('⬇ count.txt (1 bytes)')
    if (inject('e2eBrowser') === 'firefox') {
      // Firefox's WebDriver BiDi (ESR 153) reports no download for a blob: link, so read what the link saves.
      expect(await link.getAttribute('download')).toBe('count.txt')
      expect(await link.evaluate((anchor: HTMLAnchorElement) => fetch(anchor.href).then((response) => response.text()))).toBe('2')
    } else {
      const download = page.waitForEvent('download')
      await link.click()
      const saved = await download
      expect(saved.suggestedFilename()).toBe('count.txt')
    }
  })
})
