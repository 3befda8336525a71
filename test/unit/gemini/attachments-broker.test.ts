/**
 * Attachments through the broker, the real SDK client and the strict local
 * server: they become files before the model is first asked, the description
 * names them, and the user's contents are sent exactly as given.
 */
import type { Content } from '@google/genai'
import { expect, test } from 'vitest'
import type { TestSession } from '../../gemini-server/session.ts'
import { strictClients } from './strict-client.ts'
import { FakeExecutor, FileTakingExecutor, RED_PIXEL_PNG } from './fake-executor.ts'

const GEMINI_3 = 'gemini-3-flash-preview'
const config = { tools: [{ codeExecution: {} }] }
const CSV_TEXT = 'city,amount\nOslo,4\n'
const photo = { inlineData: { mimeType: 'image/png', data: RED_PIXEL_PNG } }
const table = { inlineData: { mimeType: 'text/csv', data: btoa(CSV_TEXT) } }

const setup = strictClients()

async function sent(session: TestSession, index: number) {
  const body = (await session.requests())[index]!.body as { contents: Content[]; tools: Array<{ functionDeclarations: Array<{ description: string }> }> }
  return { contents: body.contents, description: body.tools[0]!.functionDeclarations[0]!.description }
}

test('attachments are files before the model is first asked, the description names them, and the contents go out unchanged', async () => {
  const executor = new FileTakingExecutor()
  const { session, local } = await setup('sum-primes', { sandbox: executor, filePrivacy: 'full' })
  const contents: Content[] = [{ role: 'user', parts: [{ text: 'What is in these?' }, photo, table] }]

  await local.models.generateContent({ model: GEMINI_3, contents: structuredClone(contents), config })

  expect([...executor.files.keys()]).toEqual(['input_1.png', 'input_2.csv'])
  const first = await sent(session, 0)
  expect(first.contents).toEqual(contents)
  // The file list comes from the executor, so it was read after the files were put.
  expect(first.description).toContain('Files in the working directory (/home/pyodide): input_1.png (69 bytes), input_2.csv (19 bytes).')
  expect(first.description).toContain('input_1.png (image/png, user message 1), input_2.csv (text/csv, user message 1).')
  // The model already has the CSV in the conversation: even with 'full', its text is not repeated.
  expect(first.description).not.toContain('Oslo')
})

test('in a chat an image keeps its name message after message and is put only once; a new one gets the next number', async () => {
  const executor = new FileTakingExecutor()
  const { session, local } = await setup('chat-state', { createSandbox: () => executor })
  const chat = local.chats.create({ model: GEMINI_3, config })

  await chat.sendMessage({ message: ['Set a counter to 10.', photo] })
  await chat.sendMessage({ message: ['Add 5.', table] })

  expect(executor.puts).toEqual([['input_1.png'], ['input_2.csv']])
  const later = await sent(session, 2)
  expect(later.description).toContain('input_1.png (image/png, user message 1), input_2.csv (text/csv, user message 2).')
  expect(later.contents.filter((content) => content.role === 'user' && content.parts!.some((part) => part.inlineData))).toHaveLength(2)
})

test('an executor that cannot take files leaves the attachments to the model, and the description says so', async () => {
  const { session, local } = await setup('sum-primes', { sandbox: new FakeExecutor() })
  await local.models.generateContent({ model: GEMINI_3, contents: ['Look:', photo], config })
  expect((await sent(session, 0)).description).toContain('The images and files attached to the conversation are not available to the code as files.')
})

test('a request without attachments does not touch the working directory', async () => {
  const executor = new FileTakingExecutor()
  const { local } = await setup('sum-primes', { sandbox: executor })
  await local.models.generateContent({ model: GEMINI_3, contents: 'No files here.', config })
  expect(executor.puts).toEqual([])
})
