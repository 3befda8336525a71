/**
 * The app used with the keyboard alone, the demo with the network cut, and
 * screenshots of the main views in light and dark at desktop and phone
 * widths, saved for a reviewer under test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises'
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { editorText, openApp } from './app.ts'
import { launchChromium } from './browser.ts'

const SCREENSHOTS = 'test-results/screenshots'

let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
  ;({ context, page } = await openApp(browser))
})
afterAll(() => browser?.close())

/** What has focus, as a user would name it, and whether the focus ring shows. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    if (!element) return { name: '', field: null, ring: false, inEditor: false }
    // The editor's focus ring is drawn on its outer element.
    const style = getComputedStyle(element.closest('.cm-editor') ?? element)
    const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : undefined
    return {
      name: (element.getAttribute('aria-label') ?? label ?? element.textContent ?? '').trim(),
      field: element.getAttribute('name'),
      ring: (element.matches(':focus-visible') || element.closest('.cm-focused') !== null) && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      inEditor: element.closest('.cm-editor') !== null,
    }
  })
}

/** Presses Tab until the named control has focus (as a keyboard user would), checking the focus ring shows on the way. */
async function tabTo(page: Page, name: string | RegExp, options: { shift?: boolean; limit?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.limit ?? 60); i++) {
    await page.keyboard.press(options.shift ? 'Shift+Tab' : 'Tab')
    const now = await focused(page)
    if (typeof name === 'string' ? now.name === name : name.test(now.name)) {
      // The editor marks itself focused on its next update, so allow it a moment.
      await expect.poll(async () => (await focused(page)).ring, { message: `focus ring on ${now.name}` }).toBe(true)
      return
    }
  }
  throw new Error(`Tab never reached ${String(name)}`)
}

describe('with the keyboard only', () => {
  test('a demo can be chosen and replayed', async () => {
    await tabTo(page, 'Replay “Draw a chart”')
    await page.keyboard.press('Enter')
    await page.locator('.from-model').getByText('which you can download below the output').waitFor({ timeout: 90_000 })
    await page.locator('.run-state').waitFor({ state: 'detached', timeout: 30_000 })
  })

  test('the settings dialog opens, takes a key and closes with Escape', async () => {
    await tabTo(page, 'Add API key') // the chat's toolbar comes before the welcome text
    await page.keyboard.press('Enter')
    // The dialog opens with the key field focused.
    await expect.poll(async () => (await focused(page)).field).toBe('apiKey')
    await page.keyboard.type('typed-with-the-keyboard')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('dialog.settings').evaluate((dialog: HTMLDialogElement) => dialog.open)).toBe(false)
    expect(await page.getByRole('button', { name: 'Add API key' }).isVisible()).toBe(true) // Escape saved nothing
  })

  test('a new chat can be written, with the attach button in reach', async () => {
    await tabTo(page, 'New chat', { shift: true })
    await page.keyboard.press('Enter')
    await tabTo(page, 'Attach files')
    await tabTo(page, 'Message', { shift: true })
    await page.keyboard.type('Hello')
    expect(await page.locator('#message').inputValue()).toBe('Hello')
  })

  test('the console: into the editor, write, run with Ctrl+Enter, and out again with Escape then Tab', async () => {
    await tabTo(page, 'Console', { shift: true })
    await page.keyboard.press('Enter')
    await tabTo(page, 'Python code')
    expect((await focused(page)).inEditor).toBe(true)
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('total = 0\nfor n in range(5):\ntotal += n\n')
    await page.keyboard.press('Shift+Tab') // dedent the line after the loop body
    await page.keyboard.type('print(total)')
    expect(await editorText(page)).toBe('total = 0\nfor n in range(5):\n    total += n\nprint(total)')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => page.locator('.cell .output').last().textContent(), { timeout: 30_000 }).toBe('10\n')
    // Tab indents inside the editor; Escape first lets it move focus on.
    await page.keyboard.press('Escape')
    await page.keyboard.press('Tab')
    expect((await focused(page)).inEditor).toBe(false)
  })
})

describe('screenshots of the main views', () => {
  test('in light and dark, at 1280 px and 390 px', async () => {
    await mkdir(SCREENSHOTS, { recursive: true })
    const views: Array<{ name: string; show: () => Promise<void> }> = [
      { name: 'chat-start', show: async () => (await page.getByRole('button', { name: 'Chat', exact: true }).click(), await page.getByRole('button', { name: 'New chat' }).click()) },
      { name: 'chat-demo', show: async () => await page.locator('.conversation-list').getByRole('button', { name: 'Draw a chart' }).click() },
      { name: 'console', show: async () => await page.getByRole('button', { name: 'Console', exact: true }).click() },
    ]
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width > 500 ? 900 : 844 })
        for (const view of views) {
          await view.show()
          await page.screenshot({ path: `${SCREENSHOTS}/${view.name}-${colorScheme}-${width}.png`, fullPage: width < 500 })
        }
      }
    }
    // Dark mode reaches the chat: the user's bubble stays readable (WCAG AA contrast).
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.getByRole('button', { name: 'Chat', exact: true }).click()
    await page.locator('.conversation-list').getByRole('button', { name: 'Draw a chart' }).click()
    const contrast = await page.locator('.from-user').evaluate((bubble) => {
      const channels = (colour: string) => colour.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number)
      const luminance = (colour: string) => {
        const [r, g, b] = channels(colour).map((value) => ((value /= 255) <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4))
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
      }
      const style = getComputedStyle(bubble)
      const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a)
      return (light! + 0.05) / (dark! + 0.05)
    })
    expect(contrast).toBeGreaterThan(4.5)
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  test('on a phone, every button is at least 44 px tall', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByRole('button', { name: 'Chat', exact: true }).click()
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, select, a.download')]
        .filter((element) => element.offsetParent !== null)
        .map((element) => ({ name: element.textContent!.trim(), height: element.getBoundingClientRect().height }))
        .filter(({ height }) => height < 44),
    )
    expect(small).toEqual([])
    await page.setViewportSize({ width: 1280, height: 900 })
  })
})

describe('the demo with the network cut', () => {
  beforeAll(async () => {
    await page.getByText('Ready to work offline').waitFor({ timeout: 90_000 })
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await context.setOffline(true)
    await page.getByRole('button', { name: 'Chat', exact: true }).click()
  })
  afterAll(() => context.setOffline(false))

  test('replays the CSV analysis, its code run here from the cached Python', async () => {
    await page.getByRole('button', { name: 'New chat' }).click()
    await page.getByRole('button', { name: 'Replay “Analyse a CSV of sales”' }).click()
    await page.locator('.from-model').last().getByText('West is a close second').waitFor({ timeout: 90_000 })
    expect(await page.locator('.from-model .result-part .output-text').last().textContent()).toMatch(/^48 rows, columns/)
    expect(await page.evaluate(() => navigator.onLine)).toBe(false)
  })

  test('says plainly when a demo needs a library that cannot be had offline, instead of showing recorded claims', async () => {
    await page.getByRole('button', { name: 'New chat' }).click()
    await page.getByRole('button', { name: 'Replay “Derive with SymPy”' }).click()
    const notice = page.locator('.notice.error')
    await expect.poll(() => notice.textContent(), { timeout: 90_000 }).toMatch(/The replay stops here.*sympy.*full library mirror/)
    expect(await page.locator('.from-model .markdown').count()).toBe(0)
  })
})
