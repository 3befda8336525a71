/** Chats with the local tool, through the real SDK client and the strict local server. */
import { GoogleGenAI, type Content } from '@google/genai'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { SKIP_THOUGHT_SIGNATURE, withLocalCodeExecution } from '../../../src/gemini/index.ts'
import { startSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'
import { FakeExecutor } from './fake-executor.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startGeminiTestServer()
})
afterAll(() => server.close())

const config = { tools: [{ codeExecution: {} }] }

test('a chat keeps one sandbox, so state persists across messages, and resends the wire history', async () => {
  const session = await startSession(server.baseUrl, 'chat-state')
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  const created: FakeExecutor[] = []
  const local = withLocalCodeExecution(ai, { createSandbox: () => (created.push(new FakeExecutor()), created.at(-1)!) })
  const chat = local.chats.create({ model: 'gemini-3-flash-preview', config })

  await chat.sendMessage({ message: 'Set a counter to 10.' })
  const second = await chat.sendMessage({ message: 'Add 5.' })

  expect(created).toHaveLength(1)
  expect(second.codeExecutionResult).toBe('15\n')
  const requests = await session.requests()
  const sent = requests[2]!.body['contents'] as Content[]
  // Message 1, its call and response turns and answer, then message 2: exactly as the model produced them.
  expect(sent.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model', 'user'])
  expect(sent[1]!.parts![0]!.thoughtSignature).toBe(btoa('sig-chat-1'))
  expect(sent[3]!.parts![0]).toEqual({ text: 'The counter is set to 10.', thoughtSignature: btoa('sig-chat-2') })

  const history = chat.getHistory()
  expect(history.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model'])
  expect(history[3]!.parts!.map((part) => Object.keys(part).find((key) => key !== 'thoughtSignature'))).toEqual(['executableCode', 'codeExecutionResult', 'text'])
  expect(chat.getWireHistory()).toHaveLength(8)
})

test('a saved conversation in the built-in shape is sent back as call and response turns', async () => {
  const session = await startSession(server.baseUrl, 'restore')
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  const local = withLocalCodeExecution(ai, { sandbox: new FakeExecutor() })
  const saved: Content[] = [
    { role: 'user', parts: [{ text: 'Sum the first 50 primes.' }] },
    {
      role: 'model',
      parts: [
        { executableCode: { language: 'PYTHON' as never, code: 'print(5117)' } },
        { codeExecutionResult: { outcome: 'OUTCOME_OK' as never, output: '5117\n' } },
        { text: 'It is 5117.' },
      ],
    },
  ]
  const chat = local.chats.create({ model: 'gemini-3-flash-preview', config, history: saved })
  const response = await chat.sendMessage({ message: 'Are you sure?' })
  expect(response.text).toContain('5117')
  const [request] = await session.requests()
  expect(request!.body['contents']).toEqual([
    saved[0],
    { role: 'model', parts: [{ functionCall: { name: 'run_python', args: { code: 'print(5117)' } }, thoughtSignature: SKIP_THOUGHT_SIGNATURE }] },
    { role: 'user', parts: [{ functionResponse: { name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '5117\n' } } }] },
    { role: 'model', parts: [{ text: 'It is 5117.' }] },
    { role: 'user', parts: [{ text: 'Are you sure?' }] },
  ])
  expect(chat.getHistory().slice(0, 2)).toEqual(saved)
})

test('resetSandbox uses the executor reset when it has one', async () => {
  const session = await startSession(server.baseUrl, 'restore')
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  let resets = 0
  const executor = Object.assign(new FakeExecutor(), { reset: async () => void resets++ })
  const chat = withLocalCodeExecution(ai).chats.create({ model: 'gemini-3-flash-preview', config, sandbox: executor })
  await chat.resetSandbox()
  expect(resets).toBe(1)
  expect(await chat.getSandbox()).toBe(executor)
})

test('a streamed chat keeps each turn’s text joined, signatures on their text, and the strict server accepts it', async () => {
  const session = await startSession(server.baseUrl, 'chat-stream-long')
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  const chat = withLocalCodeExecution(ai, { sandbox: new FakeExecutor() }).chats.create({ model: 'gemini-3-flash-preview', config })
  let streamed = ''
  for await (const chunk of await chat.sendMessageStream({ message: 'Add the numbers below ten.' })) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) if (part.text && !part.thought) streamed += part.text
  }
  const words = Array.from({ length: 60 }, (_, index) => `word${index + 1} `).join('')
  expect(streamed).toBe(words)

  // 2 thought chunks and 61 answer chunks in; one part of each kind out, each signature where it came.
  const wire = chat.getWireHistory()
  expect(wire[1]!.parts).toEqual([
    { text: 'Adding the numbers below ten.', thought: true },
    { functionCall: { id: 'long-1', name: 'run_python', args: { code: 'print(sum(range(10)))\n' } }, thoughtSignature: btoa('sig-long-call') },
  ])
  expect(wire[3]!.parts).toEqual([{ text: words, thoughtSignature: btoa('sig-long-final') }])
  const shown = chat.getHistory()[1]!.parts!
  expect(shown.filter((part) => part.text !== undefined && !part.thought)).toEqual([{ text: words, thoughtSignature: btoa('sig-long-final') }])

  for await (const chunk of await chat.sendMessageStream({ message: 'And again?' })) void chunk
  const requests = await session.requests()
  expect(requests.map((request) => request.status)).toEqual([200, 200, 200])
  expect(requests[2]!.body['contents']).toEqual([...wire, { role: 'user', parts: [{ text: 'And again?' }] }])
  expect(chat.getHistory()[3]!.parts).toEqual([{ text: 'Still 45.' }])
})

test('the text of a saved streamed history is joined when a chat starts from it', async () => {
  const session = await startSession(server.baseUrl, 'restore')
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  const fragments: Content[] = [
    { role: 'user', parts: [{ text: 'Sum the first 50 primes.' }] },
    { role: 'model', parts: [{ text: 'It is ' }, { text: '5117' }, { text: '.' }] },
  ]
  const chat = withLocalCodeExecution(ai, { sandbox: new FakeExecutor() }).chats.create({ model: 'gemini-3-flash-preview', history: fragments })
  expect(chat.getHistory()[1]).toEqual({ role: 'model', parts: [{ text: 'It is 5117.' }] })
  expect(chat.getWireHistory()[1]).toEqual({ role: 'model', parts: [{ text: 'It is 5117.' }] })
})
