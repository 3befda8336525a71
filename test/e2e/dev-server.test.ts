/**
 * `npm start`: the app under Vite's dev server, from the repository's own
 * vite.config.ts. There the sandbox's worker is not one built file relayed by
 * the main thread: it imports Vite's module graph from the app's origin
 * itself, from inside the opaque-origin frame, under the frame's policy.
 */
import type { Browser, Page } from 'playwright'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { lastCell, setCode } from './app.ts'
import { launchBrowser } from './browser.ts'
import { runInConsole } from './isolation-page.ts'

let server: ViteDevServer
let browser: Browser
let page: Page

beforeAll(async () => {
  server = await createServer({ logLevel: 'warn', server: { port: 0, host: '127.0.0.1', strictPort: false, open: false } })
  await server.listen()
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(server.resolvedUrls!.local[0]!)
  await page.getByText(/Python 3\.14\.\d+ ready · started|Python could not start/).waitFor({ timeout: 90_000 })
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the app under the dev server (npm start)', () => {
  test('starts Python in the isolated frame, with no warning about isolation or the sandbox', async () => {
    expect(await page.locator('.status').textContent()).toMatch(/^Python 3\.14\.\d+ ready/)
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.locator('iframe[sandbox="allow-scripts"]').count()).toBe(1)
    // Shown unless the frame reports an opaque origin, eval blocked and its narrowed connect policy in force.
    expect(await page.locator('#sandbox-warning').isHidden()).toBe(true)
    expect(await page.locator('#isolation-warning').isHidden()).toBe(true)
  })

  test('runs code, and Stop interrupts a loop without losing the variables', async () => {
    expect((await runInConsole(page, 'kept = 41\nprint(sum(range(10)))')).output).toBe('45\n')
    await setCode(page, 'print("looping")\nwhile True: pass')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await lastCell(page).locator('.output').getByText('looping').waitFor()
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => lastCell(page).locator('.output').textContent(), { timeout: 30_000 }).toContain('KeyboardInterrupt')
    expect((await runInConsole(page, 'print(kept + 1)')).output).toBe('42\n')
  })

  test("keeps the worker off the app's origin beyond its module and file roots", async () => {
    const { output } = await runInConsole(
      page,
      'import js\nrequest = js.XMLHttpRequest.new()\ntry:\n    request.open("GET", "/index.html", False)\n    request.send()\n    print("ESCAPED", request.status)\nexcept Exception:\n    print("refused")',
    )
    expect(output).toBe('refused\n')
  })
})
