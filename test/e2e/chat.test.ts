/**
 * The chat of the built app, driven as a user would: the recorded demos
 * replayed through the real @google/genai client and broker with the code run
 * live, Markdown, code and output parts, attachments, conversations kept in
 * IndexedDB across a reload, rename, export and import, copy as Markdown, a
 * failed request, and a live chat with the user's key against the repo's
 * strict Gemini test server (which checks every request's wire format).
 */
import { readFile } from 'node:fs/promises'
import type { Browser, BrowserContext, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { startSession, type TestSession } from '../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../gemini-server/standalone.ts'
import { openApp, PYTHON_READY } from './app.ts'
import { launchChromium } from './browser.ts'
import { relayGemini } from './gemini-relay.ts'

let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]
let gemini: RunningServer

const CSV_OUTPUT = `48 rows, columns: date, region, product, revenue
region   orders     total     mean
East         14   2705.00   193.21
West         12   2598.25   216.52
South        13   2380.50   183.12
North         9   1714.00   190.44
`

beforeAll(async () => {
  gemini = await startGeminiTestServer()
  browser = await launchChromium()
  ;({ context, page, errors } = await openApp(browser))
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('appURL')).origin })
  await relayGemini(context, gemini.baseUrl)
})
afterAll(async () => {
  await browser?.close()
  await gemini?.close()
})

const conversationList = () => page.getByRole('navigation', { name: 'Conversations' }).locator('.conversation-list')
const lastAnswer = () => page.locator('.log .from-model').last()
const clipboard = () => page.evaluate(() => navigator.clipboard.readText())

/**
 * Waits for the model's answer to say `words`. If it never does, the error says what the page showed
 * instead and what the test server was asked and answered, so that a failure seen only on a busy
 * machine can be understood. Nothing here waits for an element that may never come.
 */
async function waitForLiveAnswer(words: string, session: TestSession): Promise<void> {
  await lastAnswer()
    .getByText(words)
    .waitFor({ timeout: 90_000 })
    .catch(async (error: Error) => {
      const shown = await page.evaluate(() => ({
        notices: [...document.querySelectorAll('.notice')].map((notice) => notice.textContent),
        runState: document.querySelector('.run-state')?.textContent ?? null,
        log: document.querySelector('.log')?.textContent?.slice(-2000) ?? null,
      }))
      const asked = (await session.requests()).map(({ method, status, error }) => ({ method, status, error }))
      throw new Error(`${error.message}\nThe page showed: ${JSON.stringify(shown)}\nThe test server was asked: ${JSON.stringify(asked)}`)
    })
}

async function replay(title: string, lastWords: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click()
  await page.getByRole('button', { name: `Replay “${title}”` }).click()
  await lastAnswer().getByText(lastWords).waitFor({ timeout: 90_000 })
  await page.locator('.run-state').waitFor({ state: 'detached', timeout: 30_000 })
}

describe('without an API key', () => {
  test('the chat says how to start: where to get a key, and demos that need none; the page logged no error', async () => {
    await page.getByRole('heading', { name: 'Ask Gemini; the Python runs on your device' }).waitFor()
    const keyLink = page.getByRole('link', { name: 'Get one free at Google AI Studio' })
    expect(await keyLink.getAttribute('href')).toBe('https://aistudio.google.com/apikey')
    expect(await keyLink.getAttribute('rel')).toBe('noopener noreferrer')
    expect(await page.getByRole('button', { name: /^Replay “/ }).count()).toBe(4)
    expect(errors).toEqual([])
  })
})

describe('a recorded demo, replayed through the real broker with the code run here', () => {
  test('shows a live timer and Stop while it runs, then Markdown, the code, its real output and a copy button', async () => {
    await page.getByRole('button', { name: 'Replay “Analyse a CSV of sales”' }).click()
    await expect.poll(() => page.locator('.run-state').textContent(), { timeout: 30_000 }).toMatch(/^(Waiting for Gemini|Running code) · \d+\.\d s$/)
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(true)
    await lastAnswer().getByText('West is a close second').waitFor({ timeout: 90_000 })
    expect(await page.locator('.replay-banner').textContent()).toContain('turns come from a recording')
    const answer = lastAnswer()
    expect(await answer.locator('.result-part .output-text').textContent()).toBe(CSV_OUTPUT)
    expect(await answer.locator('.code-part code').textContent()).toContain('csv.DictReader(open("input_1.csv"))')
    expect(await answer.locator('.code-part code .tok-keyword').count()).toBeGreaterThan(3)
    expect(await answer.locator('.markdown table tr').count()).toBe(5)
    expect(await answer.locator('.markdown strong').first().textContent()).toBe('East')
    expect(await page.locator('.from-user .chip').textContent()).toMatch(/^sales-march\.csv \(1\.\d KB\)$/)
    await answer.getByRole('button', { name: 'Copy output' }).click()
    await expect.poll(clipboard).toBe(CSV_OUTPUT)
  })

  test('a chart the code drew is shown, and the file it wrote is offered for download', async () => {
    await replay('Draw a chart', 'which you can download below the output')
    const answer = lastAnswer()
    expect(await answer.locator('.result-part .output-text').textContent()).toBe('Peak month: Jun with 3310 visitors\nGrowth Jan to Jun: 176%\n')
    expect(await answer.locator('img.product-image').getAttribute('src')).toMatch(/^data:image\/png;base64,iVBOR/)
    const link = answer.locator('a.download')
    expect(await link.getAttribute('download')).toBe('visitors.png')
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect((await readFile(await download.path())).subarray(1, 4).toString()).toBe('PNG')
  })

  test('an attached image reaches the sandbox, and the zoomed crop comes back', async () => {
    await replay('Zoom into an image', 'a small flag')
    expect(await page.locator('.from-user img').getAttribute('alt')).toBe('field.png')
    const answer = lastAnswer()
    expect(await answer.locator('.result-part .output-text').textContent()).toBe('The image is 96x96 pixels\nRed object at x 70..78, y 14..22\n')
    expect(await answer.locator('img.product-image').count()).toBe(1)
  })
})

describe('conversations', () => {
  test('are listed newest first, and can be renamed', async () => {
    expect(await conversationList().getByRole('button').allTextContents()).toEqual(['Replay Zoom into an image', 'Replay Draw a chart', 'Replay Analyse a CSV of sales'])
    await conversationList().getByRole('button', { name: 'Analyse a CSV of sales' }).click()
    await page.getByRole('button', { name: 'Rename' }).click()
    await page.getByLabel('Conversation title').fill('March sales by region')
    await page.getByLabel('Conversation title').press('Enter')
    await page.getByRole('heading', { name: 'March sales by region' }).waitFor()
    expect(await conversationList().getByRole('button').first().textContent()).toBe('Replay Zoom into an image')
  })

  test('copy as Markdown: speakers as headings, code and output fenced', async () => {
    await page.getByRole('button', { name: 'Copy as Markdown' }).click()
    const markdown = await clipboard()
    expect(markdown).toMatch(/^# March sales by region\n\n## You\n\n\*\[sales-march\.csv\]\*\n\nHere are our March sales/)
    expect(markdown).toContain('```python\nimport csv, statistics\n')
    expect(markdown).toContain(`Output:\n\n\`\`\`text\n${CSV_OUTPUT}\`\`\``)
  })

  test('export, delete and import give back the same conversation, attachments included, but no longer a replay', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()])
    expect(download.suggestedFilename()).toBe('march-sales-by-region.json')
    const exported = await readFile(await download.path(), 'utf8')
    const parsed = JSON.parse(exported) as { conversation: { history: Array<{ parts: Array<{ inlineData?: { data: string } }> }> } }
    expect(parsed.conversation.history[0]!.parts[0]!.inlineData!.data.length).toBeGreaterThan(1000)

    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => conversationList().getByRole('button').count()).toBe(2)

    await page.locator('.sidebar input[type=file]').setInputFiles({ name: 'import.json', mimeType: 'application/json', buffer: Buffer.from(exported) })
    await page.getByRole('heading', { name: 'March sales by region' }).waitFor()
    expect(await lastAnswer().locator('.result-part .output-text').textContent()).toBe(CSV_OUTPUT)
    // Only the app's own demos are replays: the mark is a field an import does not take.
    expect(await page.locator('.notice').textContent()).toBe(
      'Imported “March sales by region”, repaired: it was marked as a replay of a recorded demo, which only the app’s own demos are; here it is an ordinary conversation.',
    )
    expect(await page.locator('.replay-banner').count()).toBe(0)
    const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()])
    expect(await readFile(await again.path(), 'utf8')).toBe(exported.replace(/,\n  "replayOf": "csv-analysis"/, ''))
  })

  test('an import that is not an export says so and stores nothing', async () => {
    await page.locator('.sidebar input[type=file]').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') })
    await expect.poll(() => page.locator('.notice.error').textContent()).toBe('Could not import notes.json: This is not a conversation exported by this app.')
    expect(await conversationList().getByRole('button').count()).toBe(3)
  })

  test('survive a reload with their files, and their Python state can be rebuilt on demand', async () => {
    await page.reload()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    await expect.poll(() => conversationList().getByRole('button').count()).toBe(3)
    await conversationList().getByRole('button', { name: 'Draw a chart' }).click()
    expect(await lastAnswer().locator('a.download').getAttribute('download')).toBe('visitors.png')
    await page.getByRole('button', { name: 'Rebuild Python state' }).click()
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 90_000 }).toBe('Python state rebuilt: 1 piece of code re-run.')
    expect(await page.getByRole('button', { name: 'Rebuild Python state' }).count()).toBe(0)
  })
})

describe('attachments and errors', () => {
  test('files come in by button, drop and paste, as chips that can be removed; other types are refused with a reason', async () => {
    await page.getByRole('button', { name: 'New chat' }).click()
    await page.locator('.composer input[type=file]').setInputFiles({ name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') })
    await page.locator('.chat-layout').evaluate((target) => {
      const data = new DataTransfer()
      data.items.add(new File(['%PDF-1.4\n'], 'paper.pdf', { type: 'application/pdf' }))
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await page.locator('#message').evaluate((target) => {
      const data = new DataTransfer()
      data.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'image.png', { type: 'image/png' }))
      data.items.add(new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }))
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => page.locator('.composer .chip').count()).toBe(3)
    expect(await page.locator('.composer .chip').allTextContents()).toEqual(['data.csv (8 B)×', 'paper.pdf (9 B)×', 'image.png (4 B)×'])
    expect(await page.locator('.notice.error').textContent()).toContain('tool.exe: only CSV, text, JSON, PDF and PNG/JPEG/GIF/WebP images can be attached')
    await page.getByRole('button', { name: 'Remove paper.pdf' }).click()
    expect(await page.locator('.composer .chip').count()).toBe(2)
  })

  test('a request that fails shows why, with no empty reply left behind', async () => {
    await page.locator('.chat-toolbar').getByRole('button', { name: 'Add API key' }).click()
    await page.getByLabel('Gemini API key').fill('not-a-real-key')
    // Nothing listens on the discard port, so the request fails at once.
    await page.getByLabel(/API base URL/).fill('http://127.0.0.1:9')
    // A proxy on an origin the page's policy does not name yet: saving reloads the page, whose policy then names it.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save' }).click()])
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    // The reload let go of the chips above: attach the two files again.
    await page.locator('.composer input[type=file]').setInputFiles([
      { name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') },
      { name: 'image.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
    ])
    await expect.poll(() => page.locator('.composer .chip').count()).toBe(2)
    await page.locator('#message').fill('What is 2 + 2?')
    await page.locator('#message').press('Enter')
    const notice = page.locator('.notice.error')
    // The request's own error, not a notice about an attachment.
    await expect.poll(() => notice.textContent(), { timeout: 60_000 }).toMatch(/^(?!Not attached)\S/)
    expect(await page.locator('.log .from-model').count()).toBe(0)
    // What was typed and attached is back in the composer, ready to send again.
    await expect.poll(() => page.locator('#message').inputValue()).toBe('What is 2 + 2?')
    expect(await page.locator('.composer .chip').count()).toBe(2)
  })
})

describe('a live chat', () => {
  test('with the user’s key: a streamed answer, the code run here and its output, kept in the list', async () => {
    const session = await startSession(gemini.baseUrl, 'sum-primes')
    await page.locator('.chat-toolbar').getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('Gemini API key').fill(session.apiKey)
    await page.getByLabel('Model').fill('gemini-3-flash-preview')
    await page.getByLabel(/API base URL/).fill(gemini.baseUrl)
    // A proxy on an origin the page's policy does not name yet: saving reloads the page, whose policy then names it.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Save' }).click()])
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    const connectSrc = await page.evaluate(() => [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy"]')].map((meta) => meta.getAttribute('content')))
    expect(connectSrc.filter((policy) => policy?.startsWith('connect-src'))).toEqual([expect.stringMatching(new RegExp(` ${new URL(gemini.baseUrl).origin}$`))])
    // The reload dropped the attachments the failed request gave back, which are not for this question.
    await page.getByRole('button', { name: 'New chat' }).click()
    expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0)
    await page.locator('#message').fill('What is the sum of the first 50 prime numbers?')
    await page.locator('#message').press('Enter')
    await waitForLiveAnswer('The sum of the first 50 prime numbers is 5117.', session)
    const answer = lastAnswer()
    expect(await answer.locator('.code-part code').textContent()).toContain('while len(primes) < 50:')
    expect(await answer.locator('.result-part .output-text').textContent()).toBe('50 5117\n')
    expect(await conversationList().getByRole('button').first().textContent()).toBe('What is the sum of the first 50 prime numbers?')
    const requests = await session.requests()
    expect(requests.map((request) => request.method)).toEqual(['streamGenerateContent', 'streamGenerateContent'])
  })
})

describe('a live chat over the Interactions API', () => {
  /** Opens a new chat on the Interactions API with a fresh test-server session's key (the base URL and model stay as set above). */
  async function newInteractionsChat(script: string, timeLimitSeconds = 30) {
    const session = await startSession(gemini.baseUrl, script)
    await page.getByRole('button', { name: 'New chat' }).click()
    await useKey(session.apiKey, timeLimitSeconds)
    return session
  }

  async function useKey(apiKey: string, timeLimitSeconds = 30): Promise<void> {
    await page.locator('.chat-toolbar').getByRole('button', { name: 'Settings' }).click()
    await page.getByLabel('Gemini API key').fill(apiKey)
    await page.getByLabel(/Time limit/).fill(String(timeLimitSeconds))
    await page.getByRole('radio', { name: 'Interactions' }).check()
    // Save closes the dialog within the click's own task, before any key pressed next can arrive: a
    // modal dialog makes the page inert, and one closed a frame late swallowed the message typed next
    // (its Enter went to the Settings button, which the closing dialog had focused again).
    const openAfterSave = await page.locator('dialog.settings').evaluate(async (dialog: HTMLDialogElement) => {
      dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click()
      await new Promise<void>((resolve) => queueMicrotask(resolve))
      return dialog.open
    })
    expect(openAfterSave).toBe(false)
  }

  async function say(text: string): Promise<void> {
    await page.locator('#message').fill(text)
    await page.locator('#message').press('Enter')
  }

  test('a streamed answer shows the code, its output 5117 and the answer; the thought stays hidden', async () => {
    const session = await newInteractionsChat('interactions-primes')
    await say('What is the sum of the first 50 prime numbers?')
    await waitForLiveAnswer('The sum of the first 50 prime numbers is 5117.', session)
    const answer = lastAnswer()
    expect(await answer.locator('.code-part code').textContent()).toContain('while len(primes) < 50:')
    expect(await answer.locator('.result-part summary').textContent()).toContain('Output · ran')
    expect(await answer.locator('.result-part .output-text').textContent()).toBe('50 5117\n')
    expect(await answer.getByText('Planning a prime sieve.').count()).toBe(0)
    expect(await page.locator('.conversation-header .api-tag').textContent()).toBe('Interactions API')
    const requests = await session.requests()
    expect(requests.map((request) => [request.method, request.body['stream'], request.status])).toEqual([
      ['interactions', true, 200],
      ['interactions', true, 200],
    ])
    expect(requests[0]!.body['previous_interaction_id']).toBeUndefined()
  })

  test('a second message continues the conversation: previous_interaction_id, and the same Python variables', async () => {
    const session = await newInteractionsChat('interactions-two-turn')
    await say('Set x to 21 and print it.')
    await lastAnswer().getByText('x is 21.').waitFor({ timeout: 90_000 })
    await say('Now print it doubled.')
    await lastAnswer().getByText('Doubled, x is 42.').waitFor({ timeout: 90_000 })
    // 42 is printed by `print(x * 2)`: x is still there from the first message.
    expect(await page.locator('.log .result-part .output-text').allTextContents()).toEqual(['21\n', '42\n'])
    const requests = await session.requests()
    expect(requests.map((request) => request.body['previous_interaction_id'])).toEqual([undefined, 'interaction-1', 'interaction-2', 'interaction-3'])
    expect(requests.every((request) => request.status === 200)).toBe(true)
    // The conversation keeps its API and last interaction, so it continues after a reload or an import too.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()])
    const { conversation } = JSON.parse(await readFile(await download.path(), 'utf8')) as { conversation: { api: string; interactionId: string } }
    expect(conversation).toMatchObject({ api: 'interactions', interactionId: 'interaction-4' })
  })

  test('after a reload the conversation is back, its Python state can be rebuilt, and a follow-up the API does not know says so', async () => {
    await page.reload()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    await conversationList().getByRole('button', { name: 'Set x to 21 and print it.' }).click()
    expect(await page.locator('.conversation-header .api-tag').textContent()).toBe('Interactions API')
    expect(await page.locator('.log .result-part .output-text').allTextContents()).toEqual(['21\n', '42\n'])
    await page.getByRole('button', { name: 'Rebuild Python state' }).click()
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 90_000 }).toBe('Python state rebuilt: 2 pieces of code re-run.')
    // Another key's session has never seen this conversation's interactions: the id sent is the one kept across the reload.
    const other = await startSession(gemini.baseUrl, 'interactions-primes')
    await useKey(other.apiKey)
    await say('And tripled?')
    await expect.poll(() => page.locator('.notice.error').textContent(), { timeout: 60_000 }).toMatch(
      /^Gemini no longer has this conversation's earlier turns \(interaction interaction-4 was not found.*Start a new chat to go on/,
    )
    await expect.poll(() => page.locator('#message').inputValue()).toBe('And tripled?')
    expect(await page.locator('.log .from-model').count()).toBe(2)
    expect((await other.requests()).map((request) => request.status)).toEqual([404])
  })

  test('after a reload, a follow-up’s file is numbered after the earlier one, which is in the sandbox again', async () => {
    const session = await newInteractionsChat('interactions-files')
    await page.locator('.composer input[type=file]').setInputFiles({ name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from('a,1\n') })
    await say('Read the file.')
    await lastAnswer().getByText('The first file has one row.').waitFor({ timeout: 90_000 })
    await page.reload()
    await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    await conversationList().getByRole('button', { name: 'Read the file.' }).click()
    await page.locator('.composer input[type=file]').setInputFiles({ name: 'second.csv', mimeType: 'text/csv', buffer: Buffer.from('b,2\n') })
    await say('And this one?')
    await lastAnswer().getByText('Both files are there.').waitFor({ timeout: 90_000 })
    // The scripted model reads input_1.csv and input_2.csv: a new client that did not know the first file would put the second one in its place.
    expect(await page.locator('.log .result-part .output-text').allTextContents()).toEqual(['a,1\n', 'input_1.csv a,1\ninput_2.csv b,2\n'])
    const requests = await session.requests()
    expect(requests.map((request) => request.status)).toEqual([200, 200, 200, 200])
    expect(String((requests[2]!.body['tools'] as Record<string, unknown>[])[0]!['description'])).toMatch(/input_1\.csv[\s\S]*input_2\.csv/)
  })

  test('live output and the timer while code runs, and Stop, which leaves the chat usable', async () => {
    await page.locator('#message').fill('')
    await newInteractionsChat('interactions-abort')
    await say('Loop forever.')
    await page.locator('.output-text.live').getByText('starting').waitFor({ timeout: 90_000 })
    expect(await page.locator('.run-state').textContent()).toMatch(/^Running code · \d+\.\d s$/)
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => page.locator('.notice.error').textContent(), { timeout: 30_000 }).toBe('Stopped. The answer so far was not kept.')
    expect(await page.locator('.log .from-model').count()).toBe(0)
    // The stopped message was not kept, so the next one starts the conversation afresh and gets the script's next answer.
    await page.locator('#message').fill('Are you there?')
    await page.locator('#message').press('Enter')
    await lastAnswer().getByText('Not reached.').waitFor({ timeout: 60_000 })
  })

  test('the time limit from the settings stops a run, and the answer says how it ended', async () => {
    await page.locator('#message').fill('')
    await newInteractionsChat('interactions-deadline', 1)
    await say('Loop forever.')
    const answer = lastAnswer()
    await answer.getByText('The loop hit the time limit.').waitFor({ timeout: 90_000 })
    expect(await answer.locator('.result-part summary').textContent()).toContain('Output · hit the time limit')
    expect(await answer.locator('.result-part .output-text').textContent()).toMatch(/^starting\n[\s\S]*time limit/)
  })
})
