/**
 * The broker through the real `@google/genai` client against the strict local
 * server, in Node, with a fake executor. (The Chromium tests repeat the main
 * exchanges with the real sandbox.)
 */
import { FinishReason, GoogleGenAI, type Content, type Part } from '@google/genai'
import { describe, expect, test } from 'vitest'
import {
  GeminiAbortError,
  GeminiApiError,
  GeminiNetworkError,
  withLocalCodeExecution,
} from '../../../src/gemini/index.ts'
import type { TestSession } from '../../gemini-server/session.ts'
import { strictClients } from './strict-client.ts'
import { FakeExecutor, RED_PIXEL_PNG } from './fake-executor.ts'

const GEMINI_3 = 'gemini-3-flash-preview'
const PROMPT = 'What is the sum of the first 50 prime numbers? Generate and run code for the calculation, and make sure you get all 50.'

const setup = strictClients()

function lastUserParts(session: TestSession, request: number) {
  return session.requests().then((requests) => {
    const contents = requests[request]!.body['contents'] as Content[]
    return contents.at(-1)!.parts as Part[]
  })
}

describe('generateContent with the local code-execution tool', () => {
  test('the seeds sample runs the code locally and returns the built-in shape', async () => {
    const { session, local, executor } = await setup('sum-primes')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: PROMPT, config: { tools: [{ codeExecution: {} }] } })

    expect(executor.runs).toHaveLength(1)
    expect(response.executableCode).toContain('sum(primes)')
    expect(response.codeExecutionResult).toBe('50 5117\n')
    expect(response.text).toBe("I'll compute the first 50 primes and add them up.The sum of the first 50 prime numbers is 5117.")
    const parts = response.candidates![0]!.content!.parts!
    expect(parts.map((part) => Object.keys(part).filter((key) => key !== 'thoughtSignature')[0])).toEqual([
      'text',
      'executableCode',
      'codeExecutionResult',
      'text',
    ])
    expect(parts[1]!.executableCode).toMatchObject({ language: 'PYTHON', id: 'call-primes-1' })
    expect(parts[2]!.codeExecutionResult).toEqual({ outcome: 'OUTCOME_OK', output: '50 5117\n', id: 'call-primes-1' })

    const [response2] = (await lastUserParts(session, 1)).map((part) => part.functionResponse)
    expect(response2).toEqual({ id: 'call-primes-1', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '50 5117\n' } })
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 320, candidatesTokenCount: 72, totalTokenCount: 392 })
  })

  test('the built-in tool is replaced by one run_python declaration that describes the environment', async () => {
    const { session, local } = await setup('sum-primes', {
      timeoutMs: 12_000,
      describeEnvironment: () => ({ libraries: [{ name: 'numpy', version: '2.2' }], files: ['data.csv'] }),
    })
    await local.models.generateContent({ model: GEMINI_3, contents: PROMPT, config: { tools: [{ code_execution: {} } as never] } })
    const [first] = await session.requests()
    const tools = first!.body['tools'] as Array<{ functionDeclarations: Array<{ name: string; description: string; parameters: unknown }> }>
    expect(tools).toHaveLength(1)
    const declaration = tools[0]!.functionDeclarations[0]!
    expect(declaration.name).toBe('run_python')
    expect(declaration.parameters).toEqual({ type: 'OBJECT', properties: { code: expect.objectContaining({ type: 'STRING' }) }, required: ['code'] })
    expect(declaration.description).toContain('Python 3.14')
    expect(declaration.description).toContain('numpy 2.2')
    expect(declaration.description).toContain('data.csv')
    expect(declaration.description).toContain('12 seconds')
    expect(declaration.description).toContain('no network')
  })

  test('model turns are sent back verbatim, signatures on the parts they came on', async () => {
    const { session, local } = await setup('sequential')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Double 21 in two steps.', config: { tools: [{ codeExecution: {} }] } })
    expect(response.text).toContain('42')
    const requests = await session.requests()
    expect(requests).toHaveLength(3)
    const contents = requests[2]!.body['contents'] as Content[]
    expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model', 'user'])
    expect(contents[1]!.parts![0]!.thoughtSignature).toBe(btoa('sig-seq-1'))
    expect(contents[3]!.parts).toEqual([{ text: 'Now doubling it.' }, expect.objectContaining({ thoughtSignature: btoa('sig-seq-2') })])
    expect(contents[4]!.parts![0]!.functionResponse!.response).toEqual({ outcome: 'OUTCOME_OK', output: '42\n' })
  })

  test('parallel calls run in order and are answered in one user turn with ids and names', async () => {
    const { session, local, executor } = await setup('parallel')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Print two things.', config: { tools: [{ codeExecution: {} }] } })
    expect(executor.runs).toEqual(['print("first")\n', 'print("second")\n'])
    const parts = await lastUserParts(session, 1)
    expect(parts.map((part) => [part.functionResponse?.id, part.functionResponse?.name])).toEqual([
      ['par-1', 'run_python'],
      ['par-2', 'run_python'],
    ])
    const shown = response.candidates![0]!.content!.parts!
    expect(shown.filter((part) => part.codeExecutionResult).map((part) => part.codeExecutionResult!.output)).toEqual(['first\n', 'second\n'])
    expect(shown[0]!.thoughtSignature).toBe(btoa('sig-par-1'))
  })

  test('after five regenerations the model is asked for a text answer', async () => {
    const { session, local, executor } = await setup('regenerations')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Divide.', config: { tools: [{ codeExecution: {} }] } })
    expect(executor.runs).toHaveLength(6)
    const modes = (await session.requests()).map((request) => (request.body['toolConfig'] as { functionCallingConfig?: { mode?: string } } | undefined)?.functionCallingConfig?.mode)
    expect(modes).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, 'NONE'])
    expect(response.text).toContain('could not get the code to run')
    const lastResponse = (await lastUserParts(session, 6))[0]!.functionResponse!.response
    expect(lastResponse).toMatchObject({ outcome: 'OUTCOME_FAILED', errorType: 'ZeroDivisionError' })
  })

  test('a model that keeps calling is stopped at the round-trip cap, every call answered', async () => {
    const { session, local, executor } = await setup('regenerations-ignored', { maxRoundTrips: 4, maxRegenerations: 1 })
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Divide.', config: { tools: [{ codeExecution: {} }] } })
    expect(executor.runs).toHaveLength(2)
    const requests = await session.requests()
    expect(requests).toHaveLength(4)
    const history = response.automaticFunctionCallingHistory!
    expect(history.at(-1)!.parts![0]!.functionResponse!.response!['error']).toMatch(/^Not run/)
    expect(requests.map((request) => request.status)).toEqual([200, 200, 200, 200])
    // What Gemini's own tool loop reports when it stops before a final answer.
    expect(response.candidates![0]).toMatchObject({ finishReason: FinishReason.TOO_MANY_TOOL_CALLS, finishMessage: expect.stringContaining('maxRoundTrips') })
  })

  test('streamed, the round-trip cap ends the stream on one TOO_MANY_TOOL_CALLS chunk; an answer ends on STOP', async () => {
    const capped = await setup('regenerations-ignored', { maxRoundTrips: 4, maxRegenerations: 1 })
    const stream = await capped.local.models.generateContentStream({ model: GEMINI_3, contents: 'Divide.', config: { tools: [{ codeExecution: {} }] } })
    const reasons: (string | undefined)[] = []
    for await (const chunk of stream) reasons.push(chunk.candidates?.[0]?.finishReason)
    expect(reasons.at(-1)).toBe(FinishReason.TOO_MANY_TOOL_CALLS)
    expect(reasons.slice(0, -1).filter((reason) => reason !== undefined)).toEqual([])

    const answered = await setup('sum-primes')
    const response = await answered.local.models.generateContent({ model: GEMINI_3, contents: 'Sum the primes.', config: { tools: [{ codeExecution: {} }] } })
    expect(response.candidates![0]!.finishReason).toBe(FinishReason.STOP)
    expect(response.candidates![0]!.finishMessage).toBeUndefined()
  })

  test('images go inside functionResponse.parts on Gemini 3', async () => {
    const { session, local } = await setup('images-3')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Draw.', config: { tools: [{ codeExecution: {} }] } })
    const [part, ...rest] = await lastUserParts(session, 1)
    expect(rest).toEqual([])
    expect(part!.functionResponse!.parts).toEqual([{ inlineData: { mimeType: 'image/png', data: RED_PIXEL_PNG } }])
    const shown = response.candidates![0]!.content!.parts!
    expect(shown.map((p) => Object.keys(p).find((key) => key !== 'thoughtSignature'))).toEqual(['executableCode', 'codeExecutionResult', 'inlineData', 'text'])
  })

  test('images follow the function responses as inlineData parts on Gemini 2.5', async () => {
    const { session, local } = await setup('images-2')
    await local.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Draw.', config: { tools: [{ codeExecution: {} }] } })
    const parts = await lastUserParts(session, 1)
    expect(parts).toEqual([
      { functionResponse: { name: 'run_python', response: expect.objectContaining({ outcome: 'OUTCOME_OK' }) } },
      { inlineData: { mimeType: 'image/png', data: RED_PIXEL_PNG } },
    ])
  })

  test('app functions go to their handlers; unknown names and bad arguments go back as errors', async () => {
    const { session, local, executor } = await setup('app-tools', {
      functionHandlers: { get_temperature: ({ city }) => ({ city, celsius: 21.5 }) },
    })
    const response = await local.models.generateContent({
      model: GEMINI_3,
      contents: 'How warm is it in Paris, in °F?',
      config: {
        tools: [
          { codeExecution: {} },
          { functionDeclarations: [{ name: 'get_temperature', description: 'Current temperature', parameters: { type: 'OBJECT' as never, properties: { city: { type: 'STRING' as never } } } }] },
        ],
      },
    })
    expect(response.text).toContain('Paris')
    expect(executor.runs).toHaveLength(1)
    const first = (await lastUserParts(session, 1)).map((part) => part.functionResponse)
    expect(first[0]).toEqual({ id: 'app-1', name: 'get_temperature', response: { city: 'Paris', celsius: 21.5 } })
    const second = (await lastUserParts(session, 2)).map((part) => part.functionResponse)
    expect(second.map((answer) => answer!.id)).toEqual(['bad-1', 'bad-2', 'bad-3'])
    expect(second[0]!.response!['error']).toMatch(/Unknown function "open_browser"/)
    expect(second[1]!.response!['error']).toMatch(/"code" is missing/)
    expect(second[2]!.response!['error']).toMatch(/"code" must be a string/)
    const [tools] = (await session.requests()).map((request) => request.body['tools'] as Array<{ functionDeclarations: Array<{ name: string }> }>)
    expect(tools![0]!.functionDeclarations.map((declaration) => declaration.name)).toEqual(['run_python', 'get_temperature'])
  })

  test('a request without a code-execution tool goes to the SDK untouched', async () => {
    const { session, local } = await setup('restore')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Hi' })
    expect(response.text).toBe('Yes: the earlier result was 5117.')
    expect(response.automaticFunctionCallingHistory).toBeUndefined()
    const [request] = await session.requests()
    expect(request!.body['tools']).toBeUndefined()
  })
})

describe('streaming', () => {
  test('chunks come in the built-in shape: text deltas, code, result, more text', async () => {
    const { session, local, events } = await setup('sum-primes')
    const stream = await local.models.generateContentStream({ model: GEMINI_3, contents: PROMPT, config: { tools: [{ codeExecution: {} }] } })
    const chunks = []
    for await (const chunk of stream) chunks.push(chunk)
    const kinds = chunks.map((chunk) => Object.keys(chunk.candidates![0]!.content!.parts![0]!).find((key) => key !== 'thoughtSignature'))
    expect(kinds).toEqual(['text', 'executableCode', 'codeExecutionResult', 'text', 'text', 'text'])
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates![0]!.finishReason === undefined)).toBe(true)
    const last = chunks.at(-1)!
    expect(last.candidates![0]!.finishReason).toBe('STOP')
    expect(last.candidates![0]!.content!.parts).toEqual([{ text: '', thoughtSignature: btoa('sig-primes-final') }])
    expect(last.usageMetadata?.totalTokenCount).toBe(392)
    expect(events.map((event) => event.type)).toEqual(['run-start', 'output', 'run-end'])
    // The history holds the answer's text as one part, with the signature that came on an empty text chunk.
    expect(last.automaticFunctionCallingHistory!.at(-1)!.parts).toEqual([{ text: 'The sum of the first 50 prime numbers is 5117.', thoughtSignature: btoa('sig-primes-final') }])
    const second = (await session.requests())[1]!
    expect(second.method).toBe('streamGenerateContent')
    expect((second.body['contents'] as Content[])[1]!.parts).toEqual([
      { text: "I'll compute the first 50 primes and add them up." },
      expect.objectContaining({ functionCall: expect.objectContaining({ id: 'call-primes-1' }), thoughtSignature: btoa('sig-primes-call') }),
    ])
  })
})

describe('errors', () => {
  test('429 is retried after the RetryInfo delay, then succeeds', async () => {
    const { session, local, events } = await setup('retry-429')
    const response = await local.models.generateContent({ model: GEMINI_3, contents: 'Hi', config: { tools: [{ codeExecution: {} }] } })
    expect(response.text).toBe('Hello after the retry.')
    const retries = events.filter((event) => event.type === 'retry')
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, delayMs: 20 })])
    expect((await session.requests()).map((request) => request.status)).toEqual([429, 200])
  })

  test('400 is surfaced as GeminiApiError with the API status, message and code', async () => {
    const { session, local } = await setup('error-400')
    const error = await local.models
      .generateContent({ model: GEMINI_3, contents: 'Hi', config: { tools: [{ codeExecution: {} }] } })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GeminiApiError)
    expect(error).toMatchObject({ name: 'GeminiApiError', status: 400, code: 'INVALID_ARGUMENT', apiMessage: 'Request contains an invalid argument.' })
    expect((error as GeminiApiError).history).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }])
    expect(await session.requests()).toHaveLength(1)
  })

  test('an unreachable server is a GeminiNetworkError', async () => {
    const ai = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: 'http://127.0.0.1:9' } })
    const local = withLocalCodeExecution(ai, { sandbox: new FakeExecutor() })
    const error = await local.models.generateContent({ model: GEMINI_3, contents: 'Hi', config: { tools: [{ codeExecution: {} }] } }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GeminiNetworkError)
    expect(error).toMatchObject({ name: 'GeminiNetworkError', reason: 'unreachable' })
  })

  test('a failure mid-turn keeps the history, and sending it back continues without rerunning code', async () => {
    const { session, local, executor } = await setup('fail-mid-turn')
    const config = { tools: [{ codeExecution: {} }] }
    const error = (await local.models.generateContent({ model: GEMINI_3, contents: 'Go.', config }).catch((caught: unknown) => caught)) as GeminiApiError
    expect(error.name).toBe('GeminiApiError')
    expect(error.history!.map((content) => content.role)).toEqual(['user', 'model', 'user'])
    const resumed = await local.models.generateContent({ model: GEMINI_3, contents: error.history!, config })
    expect(resumed.text).toContain('Resumed')
    expect(executor.runs).toHaveLength(1)
    const requests = await session.requests()
    expect(requests[2]!.body['contents']).toEqual(JSON.parse(JSON.stringify(error.history)))
  })

  test('abort during a run stops the code and keeps a valid history', async () => {
    const controller = new AbortController()
    const { session, local, executor } = await setup('abort-run', { onEvent: (event) => event.type === 'output' && controller.abort() })
    const error = await local.models
      .generateContent({ model: GEMINI_3, contents: 'Loop.', config: { tools: [{ codeExecution: {} }], abortSignal: controller.signal } })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GeminiAbortError)
    expect(executor.runs).toHaveLength(1)
    const history = (error as GeminiAbortError).history!
    expect(history.map((content) => content.role)).toEqual(['user', 'model', 'user'])
    expect(history[2]!.parts![0]!.functionResponse).toMatchObject({ id: 'abort-1', response: { output: 'starting\n', note: expect.stringContaining('cancelled') } })
    expect(await session.requests()).toHaveLength(1)
  })
})
