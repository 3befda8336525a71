/**
 * The broker end to end in Chromium: the real `@google/genai` client, 3.x and
 * 2.32, talks to the strict local Gemini server (mounted at /gemini-api/ on
 * the test server), and the code the scripted model writes runs in the real
 * `PythonSandbox`.
 */
import type { Content, Part } from '@google/genai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  GeminiAbortError,
  GeminiApiError,
  GeminiNetworkError,
  withLocalCodeExecution,
  type CodeExecutionEvent,
  type LocalCodeExecutionOptions,
} from '../../../src/gemini/index.ts'
import { PythonSandbox } from '../../../src/sandbox/index.ts'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { SDKS, type Sdk } from './sdks.ts'

const GEMINI_3 = 'gemini-3-flash-preview'
const PROMPT = 'What is the sum of the first 50 prime numbers? Generate and run code for the calculation, and make sure you get all 50.'
const BASE_URL = `${location.origin}/gemini-api`

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox()
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

async function setup(sdk: Sdk, script: string, options: Partial<LocalCodeExecutionOptions> = {}) {
  const session = await startSession(BASE_URL, script)
  const ai = sdk.client(session)
  const events: CodeExecutionEvent[] = []
  const local = withLocalCodeExecution(ai, { sandbox, retry: { initialDelayMs: 1 }, onEvent: (event) => events.push(event), ...options })
  return { session, local, events }
}

async function sentContents(session: TestSession, request: number): Promise<Content[]> {
  return (await session.requests())[request]!.body['contents'] as Content[]
}

async function lastUserParts(session: TestSession, request: number): Promise<Part[]> {
  return (await sentContents(session, request)).at(-1)!.parts!
}

const withCode = { tools: [{ codeExecution: {} }] }

describe.each(SDKS)('with $name', (sdk) => {

  describe('the seeds sample, unchanged but for withLocalCodeExecution(ai)', () => {
    test('the code runs in the sandbox, 5117 reaches the model, and the parts are in the built-in shape', async () => {
      const { session, local: ai, events } = await setup(sdk, 'sum-primes')
      const logged: string[] = []
      const console = { log: (line: string) => logged.push(line) }

      // The documentation's JavaScript sample, as is (`ai` is the wrapped client).
      const response = await ai.models.generateContent({
        model: 'gemini-3-flash-preview',
        contents: [
          'What is the sum of the first 50 prime numbers? ' +
            'Generate and run code for the calculation, and make sure you get all 50.',
        ],
        config: {
          tools: [{ codeExecution: {} }],
        },
      })
      const parts = response?.candidates?.[0]?.content?.parts || []
      parts.forEach((part) => {
        if (part.text) {
          console.log(part.text)
        }
        if (part.executableCode && part.executableCode.code) {
          console.log(part.executableCode.code)
        }
        if (part.codeExecutionResult && part.codeExecutionResult.output) {
          console.log(part.codeExecutionResult.output)
        }
      })

      expect(logged).toEqual([
        "I'll compute the first 50 primes and add them up.",
        expect.stringContaining('sum(primes)'),
        '50 5117\n',
        'The sum of the first 50 prime numbers is 5117.',
      ])
      expect(events.find((event) => event.type === 'run-end')).toMatchObject({ result: { outcome: 'OUTCOME_OK', output: '50 5117\n' } })
      const [answer] = await lastUserParts(session, 1)
      expect(answer!.functionResponse).toEqual({ id: 'call-primes-1', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '50 5117\n' } })
      expect(parts.map((part) => Object.keys(part).find((key) => key !== 'thoughtSignature'))).toEqual(['text', 'executableCode', 'codeExecutionResult', 'text'])
      expect(response.executableCode).toContain('sum(primes)')
      expect(response.codeExecutionResult).toBe('50 5117\n')
      // The client under test made the requests, on its own default API version.
      expect((await session.requests()).map((request) => request.apiVersion)).toEqual([sdk.apiVersion, sdk.apiVersion])
    })

    test('streamed, it yields text, then the code, then the result, then the answer', async () => {
      const { local } = await setup(sdk, 'sum-primes')
      const stream = await local.models.generateContentStream({ model: GEMINI_3, contents: PROMPT, config: withCode })
      const kinds: string[] = []
      let result: string | undefined
      for await (const chunk of stream) {
        const part = chunk.candidates![0]!.content!.parts![0]!
        kinds.push(Object.keys(part).find((key) => key !== 'thoughtSignature')!)
        result ??= part.codeExecutionResult?.output
      }
      expect(kinds).toEqual(['text', 'executableCode', 'codeExecutionResult', 'text', 'text', 'text'])
      expect(result).toBe('50 5117\n')
    })
  })

  describe('calls', () => {
    test('sequential calls share Python state and each step is sent back with its signature', async () => {
      const { session, local } = await setup(sdk, 'sequential')
      const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Double 21.', config: withCode })
      expect(response.codeExecutionResult).toBe('x is 21\n')
      const contents = await sentContents(session, 2)
      expect(contents[3]!.parts![1]!.thoughtSignature).toBe(btoa('sig-seq-2'))
      expect(contents[4]!.parts![0]!.functionResponse!.response).toEqual({ outcome: 'OUTCOME_OK', output: '42\n' })
    })

    test('parallel calls run in order and their responses go back together', async () => {
      const { session, local } = await setup(sdk, 'parallel')
      await local.models.generateContent({ model: GEMINI_3, contents: 'Two prints.', config: withCode })
      const answers = (await lastUserParts(session, 1)).map((part) => part.functionResponse)
      expect(answers).toEqual([
        { id: 'par-1', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: 'first\n' } },
        { id: 'par-2', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: 'second\n' } },
      ])
    })

    test('failing code is regenerated five times, then the model must answer in text', async () => {
      const { session, local } = await setup(sdk, 'regenerations')
      const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Divide.', config: withCode })
      const requests = await session.requests()
      expect(requests).toHaveLength(7)
      expect((requests[6]!.body['toolConfig'] as { functionCallingConfig: { mode: string } }).functionCallingConfig.mode).toBe('NONE')
      const failure = (await lastUserParts(session, 6))[0]!.functionResponse!.response!
      expect(failure).toMatchObject({ outcome: 'OUTCOME_FAILED', errorType: 'ZeroDivisionError' })
      expect(failure['output']).toContain('ZeroDivisionError: division by zero')
      expect(response.text).toContain('could not get the code to run')
    })

    test('code that runs past the deadline is reported as OUTCOME_DEADLINE_EXCEEDED', async () => {
      const { session, local } = await setup(sdk, 'deadline', { timeoutMs: 1500 })
      const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Loop.', config: withCode })
      const answer = (await lastUserParts(session, 1))[0]!.functionResponse!.response!
      expect(answer).toMatchObject({ outcome: 'OUTCOME_DEADLINE_EXCEEDED' })
      expect(response.candidates![0]!.content!.parts![1]!.codeExecutionResult!.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    })

    test("app functions reach their handlers; unknown names and malformed arguments are answered as errors", async () => {
      const { session, local } = await setup(sdk, 'app-tools', { functionHandlers: { get_temperature: ({ city }) => ({ city, celsius: 21.5 }) } })
      const response = await local.models.generateContent({
        model: GEMINI_3,
        contents: 'How warm is Paris in °F?',
        config: { tools: [{ codeExecution: {} }, { functionDeclarations: [{ name: 'get_temperature', description: 'Temperature now' }] }] },
      })
      expect(response.codeExecutionResult).toBe('70.7\n')
      const first = (await lastUserParts(session, 1)).map((part) => part.functionResponse!.response)
      expect(first).toEqual([{ city: 'Paris', celsius: 21.5 }, { outcome: 'OUTCOME_OK', output: '70.7\n' }])
      const errors = (await lastUserParts(session, 2)).map((part) => String(part.functionResponse!.response!['error']))
      expect(errors).toEqual([expect.stringMatching(/Unknown function/), expect.stringMatching(/missing/), expect.stringMatching(/must be a string/)])
    })
  })

  describe('images', () => {
    test('on Gemini 3 they go back inside functionResponse.parts', async () => {
      const { session, local } = await setup(sdk, 'images-3')
      const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Draw.', config: withCode })
      const parts = await lastUserParts(session, 1)
      expect(parts).toHaveLength(1)
      expect(parts[0]!.functionResponse!.parts).toEqual([{ inlineData: { mimeType: 'image/png', data: expect.stringMatching(/^iVBORw0KGgo/) } }])
      expect(response.candidates![0]!.content!.parts![2]!.inlineData!.mimeType).toBe('image/png')
    })

    test('on Gemini 2.5 they follow the function responses as inlineData parts', async () => {
      const { session, local } = await setup(sdk, 'images-2')
      await local.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Draw.', config: withCode })
      const parts = await lastUserParts(session, 1)
      expect(parts.map((part) => Object.keys(part)[0])).toEqual(['functionResponse', 'inlineData'])
      expect(parts[0]!.functionResponse!.parts).toBeUndefined()
    })
  })

  test('a chat keeps its own sandbox, so variables survive from one message to the next', async () => {
    const session = await startSession(BASE_URL, 'chat-state')
    const ai = sdk.client(session)
    const local = withLocalCodeExecution(ai)
    const chat = local.chats.create({ model: GEMINI_3, config: withCode })
    try {
      await chat.sendMessage({ message: 'Set a counter to 10.' })
      const second = await chat.sendMessage({ message: 'Add 5.' })
      expect(second.codeExecutionResult).toBe('15\n')
      expect(await chat.getSandbox()).not.toBe(sandbox)
      expect(chat.getHistory().map((content) => content.role)).toEqual(['user', 'model', 'user', 'model'])
    } finally {
      chat.dispose()
    }
  })

  describe('errors', () => {
    test('aborting during a run stops the code and rejects with GeminiAbortError', async () => {
      const controller = new AbortController()
      const { session, local } = await setup(sdk, 'abort-run', { onEvent: (event) => event.type === 'output' && controller.abort() })
      const error = await local.models
        .generateContent({ model: GEMINI_3, contents: 'Work.', config: { ...withCode, abortSignal: controller.signal } })
        .catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(GeminiAbortError)
      // What it printed before it was stopped (plus the KeyboardInterrupt when the page can interrupt).
      expect((error as GeminiAbortError).history!.at(-1)!.parts![0]!.functionResponse!.response!['output']).toMatch(/^working\n/)
      expect(await session.requests()).toHaveLength(1)
    })

    test('a 429 is retried after the RetryInfo delay and the request succeeds', async () => {
      const { session, local, events } = await setup(sdk, 'retry-429')
      const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Hi', config: withCode })
      expect(response.text).toBe('Hello after the retry.')
      expect(events).toContainEqual(expect.objectContaining({ type: 'retry', delayMs: 20 }))
      expect((await session.requests()).map((request) => request.status)).toEqual([429, 200])
    })

    test('a 400 is surfaced with the API message and code', async () => {
      const { local } = await setup(sdk, 'error-400')
      const error = await local.models.generateContent({ model: GEMINI_3, contents: 'Hi', config: withCode }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ name: 'GeminiApiError', status: 400, code: 'INVALID_ARGUMENT', apiMessage: 'Request contains an invalid argument.' })
      expect(error).toBeInstanceOf(GeminiApiError)
    })

    test('an unreachable server is a GeminiNetworkError', async () => {
      const ai = sdk.client({ apiKey: 'unused', baseUrl: 'http://127.0.0.1:1' })
      const local = withLocalCodeExecution(ai, { sandbox })
      const error = await local.models.generateContent({ model: GEMINI_3, contents: 'Hi', config: withCode }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(GeminiNetworkError)
      expect(error).toMatchObject({ name: 'GeminiNetworkError', reason: 'unreachable' })
    })
  })
})
