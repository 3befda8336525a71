/**
 * Input meant to break the app, in the built app: malformed conversation
 * files, a conversation stored with bad parts, Markdown that overflowed the
 * renderer's stack, and file names with a right-to-left override. Each is
 * refused, repaired or drawn with a note; the rest of the app keeps working,
 * and a message sent afterwards is saved.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSession } from '../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../gemini-server/standalone.ts'
import { openApp, PYTHON_READY, runInConsole } from './app.ts'
import { launchChromium } from './browser.ts'
import { relayGemini } from './gemini-relay.ts'

let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
let gemini: RunningServer
/** Where the files to import are written. */
let folder: string

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'bad-input-'))
  gemini = await startGeminiTestServer()
  browser = await launchChromium()
  ;({ context, page, errors } = await openApp(browser))
  await relayGemini(context, gemini.baseUrl)
})
afterAll(async () => {
  await browser?.close()
  await gemini?.close()
  await rm(folder, { recursive: true, force: true })
})

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=='
const RLO_NAME = 'invoice\u202Efdp.exe'

/** A conversation as an export file holds it: a question with an attachment, and an answer with code, output and a file. */
function conversation(title: string, answer: unknown[] = [{ text: 'The answer is **42**.' }]) {
  return {
    id: crypto.randomUUID(),
    title,
    model: 'gemini-3-flash-preview',
    createdAt: 1,
    updatedAt: 1,
    history: [
      { role: 'user', parts: [{ inlineData: { mimeType: 'text/csv', data: 'YSxiCjEsMgo=', displayName: 'data.csv' } }, { text: `Question of ${title}` }] },
      { role: 'model', parts: [{ executableCode: { code: 'print(42)\n' } }, { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '42\n' } }, ...answer] },
    ],
    wire: [],
    files: { 1: [{ name: 'out.txt', mimeType: 'text/plain', size: 2, data: 'NDI=' }] },
  }
}

/** Imports `content` as an export file, through the Import button's file input. */
async function importFile(content: object, name = 'import.json'): Promise<void> {
  const text = JSON.stringify({ format: 'pyodide-code-execution/conversation', version: 1, conversation: content })
  // From disk: a buffer of many megabytes is sent to the browser in pieces, too slowly on a busy machine.
  const path = join(folder, name)
  await writeFile(path, text)
  await page.locator('.sidebar input[type=file]').setInputFiles(path)
}

const conversationList = () => page.getByRole('navigation', { name: 'Conversations' }).locator('.conversation-list')
const notice = () => page.locator('.notice')
const open = (title: string) => conversationList().getByRole('button', { name: title, exact: true }).click()

describe('malformed conversation files', () => {
  test.each([
    ['a null part', (c: any) => (c.history[1].parts = [null, ...c.history[1].parts]), 'part 1 of message 2 was left out: it is null, not an object'],
    ['inline data that is not base64', (c: any) => (c.history[0].parts[0].inlineData.data = 'not base64!'), 'part 1 of message 1 was left out: its data is not base64'],
    ['code that is not a string', (c: any) => (c.history[1].parts[0].executableCode.code = 42), 'part 1 of message 2 was left out: its code is a number, not text'],
    ['a 30 MB text part', (c: any) => c.history[1].parts.push({ text: 'x'.repeat(30 * 1024 * 1024) }), 'part 4 of message 2 was left out: its text is 30.0 MB, more than the 1.0 MB allowed'],
    ['a replay mark', (c: any) => (c.replayOf = 'analyse-csv'), 'it was marked as a replay of a recorded demo'],
  ])('with %s are imported repaired, the notice says what was left out, and the rest shows', async (title, change, note) => {
    const content = conversation(title)
    change(content)
    await importFile(content)
    await expect.poll(() => notice().textContent(), { timeout: 30_000 }).toContain(`Imported “${title}”, repaired: ${note}`)
    await page.getByRole('heading', { name: title }).waitFor()
    expect(await page.locator('.log .from-user .user-text').textContent()).toBe(`Question of ${title}`)
    expect(await page.locator('.log .from-model .markdown').last().textContent()).toContain('The answer is 42.')
    expect(await page.locator('.part-error').count()).toBe(0)
    expect(await page.locator('.replay-banner').count()).toBe(0)
    expect(await conversationList().locator('.badge').count()).toBe(0)
  })

  test('a file wrong as a whole is refused with the reason, and nothing is stored', async () => {
    const before = await conversationList().getByRole('button').count()
    const content = conversation('Bad model')
    content.model = '../files:generateContent?x='
    await importFile(content, 'bad.json')
    await expect.poll(() => page.locator('.notice.error').textContent()).toBe('Could not import bad.json: The conversation’s model, "../files:generateContent?x=", is not a model name.')
    expect(await conversationList().getByRole('button').count()).toBe(before)
  })
})

describe('a conversation stored with bad parts (by a version that did not check imports)', () => {
  test('shows a note in place of each bad part, and every other conversation still renders', async () => {
    const bad = conversation('Stored badly', [null, { executableCode: { code: 42 } }, { text: 'Still here.' }])
    bad.history[0]!.parts[0] = { inlineData: { mimeType: 'image/png', data: 'not base64!', displayName: 'x.png' } }
    ;(bad.files as Record<number, unknown>)[1] = [{ name: 'x.bin', mimeType: 'application/octet-stream', size: 1, data: '%%%' }]
    await page.evaluate(
      (stored) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('pyodide-code-execution-app')
          request.onsuccess = () => {
            const transaction = request.result.transaction('conversations', 'readwrite')
            transaction.objectStore('conversations').put(stored)
            transaction.oncomplete = () => resolve()
            transaction.onerror = () => reject(transaction.error)
          }
          request.onerror = () => reject(request.error)
        }),
      { ...bad, updatedAt: Date.now() },
    )
    await page.reload()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    await open('Stored badly')
    await expect.poll(() => page.locator('.part-error').count()).toBe(3)
    expect(await page.locator('.part-error').allTextContents()).toEqual([
      expect.stringMatching(/^This part of the message could not be shown \(TypeError: /),
      expect.stringMatching(/^This part of the message could not be shown \(TypeError: /),
      expect.stringMatching(/^The files of this message could not be shown \(InvalidCharacterError: /),
    ])
    expect(await page.locator('.log .from-model .markdown').last().textContent()).toContain('Still here.')
    await open('a null part')
    await page.getByRole('heading', { name: 'a null part' }).waitFor()
    expect(await page.locator('.log .from-model .markdown').last().textContent()).toContain('The answer is 42.')
    expect(await page.locator('.part-error').count()).toBe(0)
  })

  test('a message sent afterwards is answered and kept across a reload', async () => {
    await open('Stored badly')
    const session = await startSession(gemini.baseUrl, 'sum-primes')
    await page.getByRole('button', { name: 'New chat' }).click()
    await page.locator('.chat-toolbar').getByRole('button', { name: 'Add API key' }).click()
    await page.getByLabel('Gemini API key').fill(session.apiKey)
    await page.getByLabel('Model').fill('gemini-3-flash-preview')
    await page.getByLabel(/API base URL/).fill(gemini.baseUrl)
    // A proxy on an origin the page's policy does not name yet: saving reloads the page, whose policy then names it.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save' }).click()])
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    await page.locator('#message').fill('What is the sum of the first 50 prime numbers?')
    await page.locator('#message').press('Enter')
    await page.locator('.log .from-model').last().getByText('The sum of the first 50 prime numbers is 5117.').waitFor({ timeout: 90_000 })
    await page.reload()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    await open('What is the sum of the first 50 prime numbers?')
    await page.locator('.log .from-model').last().getByText('The sum of the first 50 prime numbers is 5117.').waitFor()
    expect(await conversationList().getByRole('button', { name: 'Stored badly' }).count()).toBe(1)
  })
})

describe('Markdown that overflowed the renderer', () => {
  test('3,000 > in an answer show as plain text under a note, every time it is opened', async () => {
    const quotes = '>'.repeat(3000)
    await importFile(conversation('Deep quotes', [{ text: quotes }]))
    await page.getByRole('heading', { name: 'Deep quotes' }).waitFor()
    for (let view = 0; view < 2; view++) {
      expect(await page.locator('.markdown-note').textContent()).toBe('Shown as plain text: it nests quotes, lists, links or emphasis more than 32 deep.')
      expect(await page.locator('.markdown-plain').textContent()).toBe(quotes)
      await open('a null part')
      await open('Deep quotes')
    }
  })
})

describe('file names with a right-to-left override', () => {
  test('are labelled with the override written out, in chat attachments and files', async () => {
    const content = conversation('Spoofed names')
    content.history[0]!.parts[0] = { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0xLjQK', displayName: RLO_NAME } }
    content.files[1]![0]!.name = RLO_NAME
    await importFile(content)
    await page.getByRole('heading', { name: 'Spoofed names' }).waitFor()
    expect(await page.locator('.log .from-user .chip').textContent()).toBe('invoice\\u202Efdp.exe (9 B)')
    const link = page.locator('.log a.download')
    expect(await link.textContent()).toBe('⬇ invoice\\u202Efdp.exe (2 B)')
    expect(await link.getAttribute('download')).toBe('invoice_fdp.exe')
  })

  test('and in the console: the download link of a file the code wrote, and the file list', async () => {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Console' }).click()
    // The override is written as Python's escape: the editor would show the character itself as a placeholder.
    await runInConsole(page, 'open("invoice\\u202Efdp.exe", "w").write("MZ")')
    const cell = page.locator('.cell').last()
    expect(await cell.locator('a.download').textContent()).toBe('⬇ invoice\\u202Efdp.exe (2 B)')
    await expect.poll(() => page.locator('.files-list').textContent()).toContain('invoice\\u202Efdp.exe')
    expect(await page.locator('body').textContent()).not.toContain('\u202E')
  })
})

test('the page logged no error throughout', () => {
  expect(errors).toEqual([])
})
