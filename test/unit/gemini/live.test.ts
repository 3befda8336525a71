/**
 * `withLocalCodeExecution(ai).live` through the real `@google/genai` clients
 * (3.x and 2.32, their Node builds over `ws`) against the strict local Live
 * server, with a fake executor: the session's rules without a browser. The
 * same flow with real Python runs in Chromium (test/browser/gemini/live.test.ts).
 */
import { GoogleGenAI as GoogleGenAI3, Modality, type LiveServerMessage, type Part } from '@google/genai'
import { GoogleGenAI as GoogleGenAI2 } from 'google-genai-2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunOptions } from '../../../src/executor.ts'
import { withLocalCodeExecution, type CodeExecutionEvent, type GenAIClient, type LocalCodeExecutionOptions, type LocalLiveSession } from '../../../src/gemini/index.ts'
import type { LiveRecord } from '../../gemini-server/live.ts'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'
import { FakeExecutor, FileTakingExecutor, RED_PIXEL_PNG } from './fake-executor.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startGeminiTestServer()
})
afterAll(() => server.close())

type Json = Record<string, unknown>
const MODEL = 'gemini-live-2.5-flash-preview'
const CLIENTS = [
  { name: '@google/genai 3', client: (session: TestSession) => new GoogleGenAI3({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } }) as GenAIClient },
  { name: '@google/genai 2.32', client: (session: TestSession) => new GoogleGenAI2({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } }) as GenAIClient },
]

/** Resolves when `check` holds for the messages seen so far. */
function waiter<T>(items: T[]) {
  const waiting: Array<{ check: (items: T[]) => boolean; resolve: () => void }> = []
  return {
    push(item: T) {
      items.push(item)
      for (const entry of [...waiting]) if (entry.check(items)) (waiting.splice(waiting.indexOf(entry), 1), entry.resolve())
    },
    until(check: (items: T[]) => boolean): Promise<void> {
      return check(items) ? Promise.resolve() : new Promise((resolve) => waiting.push({ check, resolve }))
    },
  }
}

async function open(sdk: (typeof CLIENTS)[number], script: string, options: Partial<LocalCodeExecutionOptions> = {}, config: Json = {}, model = MODEL) {
  const session = await startSession(server.baseUrl, script)
  const messages: LiveServerMessage[] = []
  const seen = waiter(messages)
  const events: CodeExecutionEvent[] = []
  const seenEvents = waiter(events)
  const executor = new FakeExecutor()
  const local = withLocalCodeExecution(sdk.client(session), { sandbox: executor, onEvent: (event) => seenEvents.push(event), ...options })
  const closed: CloseEvent[] = []
  const connect = (extra: Json = {}) =>
    local.live.connect({
      model,
      config: { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }], ...config, ...extra },
      callbacks: { onmessage: (message) => seen.push(message), onclose: (event) => closed.push(event) },
    }) as Promise<LocalLiveSession>
  const turnsCompleted = (count: number) => seen.until((all) => all.filter((message) => message.serverContent?.turnComplete).length >= count)
  return { session, local, connect, messages, events, executor, closed, turnsCompleted, untilEvent: seenEvents.until, untilMessage: seen.until }
}

const partsOf = (messages: readonly LiveServerMessage[]): Part[] => messages.flatMap((message) => message.serverContent?.modelTurn?.parts ?? [])
const fromClient = (records: readonly LiveRecord[], kind: string) => records.filter((record) => record.from === 'client' && kind in record.message).map((record) => record.message[kind] as Json)
const closes = (records: readonly LiveRecord[]) => records.filter((record) => record.closed).map((record) => record.closed)

describe.each(CLIENTS)('the Live API with $name', (sdk) => {
  test('a question that needs code: the app sees the built-in shapes, the server gets a matched function response', async () => {
    const { session, connect, messages, turnsCompleted } = await open(sdk, 'live-primes')
    const live = await connect()
    live.sendClientContent({ turns: 'What is the sum of the first 50 prime numbers?' })
    await turnsCompleted(1)

    expect(partsOf(messages)).toEqual([
      { text: 'Let me compute that.' },
      { executableCode: { language: 'PYTHON', code: expect.stringContaining('sum(primes)'), id: 'live-call-1' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '50 5117\n', id: 'live-call-1' } },
      { text: 'The sum of the first 50 prime numbers is 5117.' },
    ])
    expect(messages.some((message) => message.toolCall)).toBe(false)
    const records = await session.liveMessages()
    const setup = fromClient(records, 'setup')[0]!
    expect(setup['tools']).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'run_python', description: expect.stringContaining('Runs Python') })] }])
    expect(fromClient(records, 'toolResponse')).toEqual([{ functionResponses: [{ id: 'live-call-1', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '50 5117\n' } }] }])
    live.close()
  })

  test('user content sent while code runs follows the answer, and the next turn keeps going', async () => {
    const { session, connect, messages, turnsCompleted, untilEvent } = await open(sdk, 'live-primes')
    const live = await connect()
    live.sendClientContent({ turns: 'What is the sum of the first 50 prime numbers?' })
    await untilEvent((events) => events.some((event) => event.type === 'run-start'))
    live.sendClientContent({ turns: 'And the 50th prime?' })
    await turnsCompleted(2)
    const records = await session.liveMessages()
    expect(closes(records)).toEqual([])
    const order = records.filter((record) => record.from === 'client').map((record) => Object.keys(record.message)[0])
    expect(order).toEqual(['setup', 'clientContent', 'toolResponse', 'clientContent', 'toolResponse'])
    expect(partsOf(messages).filter((part) => part.executableCode).map((part) => part.executableCode!.id)).toEqual(['live-call-1', 'live-call-2'])
    live.close()
  })

  test("several calls in one toolCall run in order; the app's own function reaches it alone and it answers itself", async () => {
    const { session, connect, messages, turnsCompleted, untilMessage } = await open(sdk, 'live-mixed', {}, {
      tools: [{ codeExecution: {} }, { functionDeclarations: [{ name: 'get_weather', description: 'Weather in a city.' }] }],
    })
    const live = await connect()
    live.sendClientContent({ turns: 'Set x to 20, add one, and tell me the weather in Zurich.' })
    await untilMessage((all) => all.some((message) => message.toolCall))
    const toolCall = messages.find((message) => message.toolCall)!.toolCall!
    expect(toolCall.functionCalls).toEqual([{ id: 'weather-1', name: 'get_weather', args: { city: 'Zurich' } }])
    live.sendToolResponse({ functionResponses: [{ id: 'weather-1', name: 'get_weather', response: { output: 'sunny' } }] })
    await turnsCompleted(1)

    expect(partsOf(messages).filter((part) => part.codeExecutionResult).map((part) => part.codeExecutionResult!.output)).toEqual(['20\n', '21\n'])
    const records = await session.liveMessages()
    expect(closes(records)).toEqual([])
    const answered = fromClient(records, 'toolResponse').flatMap((response) => (response['functionResponses'] as Json[]).map((answer) => answer['id']))
    expect(answered.sort()).toEqual(['mixed-1', 'mixed-2', 'weather-1'])
    expect((fromClient(records, 'setup')[0]!['tools'] as Json[])[0]!['functionDeclarations']).toEqual([
      expect.objectContaining({ name: 'run_python' }),
      { name: 'get_weather', description: 'Weather in a city.' },
    ])
    live.close()
  })

  test('toolCallCancellation stops the run it names, which is not answered; the session goes on', async () => {
    const { session, connect, messages, turnsCompleted, untilEvent, events } = await open(sdk, 'live-cancel')
    const live = await connect()
    live.sendClientContent({ turns: 'Loop forever.' })
    await untilEvent((all) => all.some((event) => event.type === 'run-start'))
    live.sendRealtimeInput({ text: 'Stop!' })
    await turnsCompleted(1)
    await untilEvent((all) => all.some((event) => event.type === 'run-end'))
    expect(events.find((event) => event.type === 'run-end')).toMatchObject({ callId: 'slow-1', result: { output: 'starting\n' } })
    expect(messages.some((message) => message.toolCallCancellation)).toBe(false)
    expect(messages.some((message) => message.serverContent?.interrupted)).toBe(true)

    live.sendClientContent({ turns: 'Are you still there?' })
    await turnsCompleted(2)
    const records = await session.liveMessages()
    expect(closes(records)).toEqual([])
    expect(fromClient(records, 'toolResponse').map((response) => (response['functionResponses'] as Json[])[0]!['id'])).toEqual(['after-1'])
    expect(partsOf(messages).at(-2)).toEqual({ codeExecutionResult: { outcome: 'OUTCOME_OK', output: 'still here\n', id: 'after-1' } })
    live.close()
  })

  test('past the regeneration limit further calls are refused, not run', async () => {
    const { session, connect, executor, turnsCompleted } = await open(sdk, 'live-regenerations', { maxRegenerations: 1 })
    const live = await connect()
    live.sendClientContent({ turns: 'Divide by zero.' })
    await turnsCompleted(1)
    expect(executor.runs).toHaveLength(2)
    const answers = fromClient(await session.liveMessages(), 'toolResponse').map((response) => (response['functionResponses'] as Json[])[0]!)
    expect(answers.map((answer) => (answer['response'] as Json)['outcome'] ?? 'refused')).toEqual(['OUTCOME_FAILED', 'OUTCOME_FAILED', 'refused'])
    expect((answers[2]!['response'] as Json)['error']).toMatch(/limit on regenerating code/)
    live.close()
  })

  test('past the round-trip cap every further call of the turn is refused until the turn ends', async () => {
    const { session, connect, executor, turnsCompleted } = await open(sdk, 'live-regenerations', { maxRoundTrips: 2 })
    const live = await connect()
    live.sendClientContent({ turns: 'Divide by zero.' })
    await turnsCompleted(1)
    expect(executor.runs).toHaveLength(1)
    const answers = fromClient(await session.liveMessages(), 'toolResponse').map((response) => (response['functionResponses'] as Json[])[0]!)
    expect(answers.map((answer) => [answer['id'], (answer['response'] as Json)['error'] ?? 'ran'])).toEqual([
      ['regen-1', 'ran'],
      ['regen-2', expect.stringMatching(/limit on tool round-trips/)],
      ['regen-3', expect.stringMatching(/limit on tool round-trips/)],
    ])
    live.close()
  })

  test('goAway, then a new connect with the handle: the same sandbox, its variables kept', async () => {
    const disposed: string[] = []
    const created: FakeExecutor[] = []
    class Disposable extends FakeExecutor {
      dispose() {
        disposed.push('sandbox')
      }
    }
    const { session, connect, messages, closed, turnsCompleted, untilMessage } = await open(
      sdk,
      'live-resume',
      { sandbox: undefined, createSandbox: () => (created.push(new Disposable()), created.at(-1)!) },
      { sessionResumption: {} },
    )
    const first = await connect()
    first.sendClientContent({ turns: 'Set x to 21.' })
    await untilMessage((all) => all.some((message) => message.goAway))
    await until(() => closed.length > 0)
    const handle = messages.filter((message) => message.sessionResumptionUpdate?.resumable).at(-1)!.sessionResumptionUpdate!.newHandle!
    // The server closed the connection: the sandbox is kept for the resumed session.
    await first.getSandbox()
    expect(disposed).toEqual([])

    const second = await connect({ sessionResumption: { handle } })
    second.sendClientContent({ turns: 'Double x.' })
    await turnsCompleted(2)
    expect(partsOf(messages).filter((part) => part.codeExecutionResult).map((part) => part.codeExecutionResult!.output)).toEqual(['21\n', '42\n'])
    expect(created).toHaveLength(1)
    expect(closes(await session.liveMessages())).toEqual([{ code: 1000, reason: 'going away' }])
    second.close()
    await until(() => disposed.length > 0)
    expect(disposed).toEqual(['sandbox'])
  })
})

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5))
}

test('a session without the code-execution tool is the SDK’s own', async () => {
  const session = await startSession(server.baseUrl, 'live-primes')
  const ai = CLIENTS[0]!.client(session)
  const live = await withLocalCodeExecution(ai).live.connect({ model: MODEL, config: { responseModalities: [Modality.TEXT] }, callbacks: { onmessage: () => undefined } })
  expect(live.constructor.name).toBe('Session')
  live.close()
})

test('the run’s signal is the cancellation: an executor sees it abort', async () => {
  const signals: AbortSignal[] = []
  class Watching extends FakeExecutor {
    override run(code: string, options: RunOptions = {}) {
      if (options.signal) signals.push(options.signal)
      return super.run(code, options)
    }
  }
  const { connect, untilEvent, turnsCompleted } = await open(CLIENTS[0]!, 'live-cancel', { sandbox: new Watching() })
  const live = await connect()
  live.sendClientContent({ turns: 'Loop forever.' })
  await untilEvent((all) => all.some((event) => event.type === 'run-start'))
  live.sendRealtimeInput({ text: 'Stop!' })
  await turnsCompleted(1)
  expect(signals[0]!.aborted).toBe(true)
  live.close()
})

describe('as on the other surfaces', () => {
  const sdk = CLIENTS[0]!

  test('a run past the deadline is stopped and answered with OUTCOME_DEADLINE_EXCEEDED', async () => {
    const { session, connect, messages, turnsCompleted } = await open(sdk, 'live-deadline', { timeoutMs: 20 })
    const live = await connect()
    live.sendClientContent({ turns: 'Loop forever.' })
    await turnsCompleted(1)
    expect(partsOf(messages).find((part) => part.codeExecutionResult)).toEqual({ codeExecutionResult: { outcome: 'OUTCOME_DEADLINE_EXCEEDED', output: 'starting\n', id: 'late-1' } })
    const response = fromClient(await session.liveMessages(), 'toolResponse')[0]!['functionResponses'] as Json[]
    expect(response[0]).toMatchObject({ id: 'late-1', response: { outcome: 'OUTCOME_DEADLINE_EXCEEDED', note: expect.stringContaining('restarted') } })
    expect((fromClient(await session.liveMessages(), 'setup')[0]!['tools'] as Json[])[0]).toMatchObject({
      functionDeclarations: [{ description: expect.stringContaining('at most 0.0 seconds') }],
    })
    live.close()
  })

  test('images reach the app as inline data after the result, and Gemini 3 gets them in the function response', async () => {
    const { session, connect, messages, turnsCompleted } = await open(sdk, 'live-image', {}, {}, 'gemini-3.1-flash-live-preview')
    const live = await connect()
    live.sendClientContent({ turns: 'Draw a red pixel.' })
    await turnsCompleted(1)
    expect(partsOf(messages).slice(0, 3)).toEqual([
      { executableCode: { language: 'PYTHON', code: 'display(png)', id: 'image-1' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: 'drew a red pixel\n', id: 'image-1' } },
      { inlineData: { mimeType: 'image/png', data: RED_PIXEL_PNG } },
    ])
    const response = fromClient(await session.liveMessages(), 'toolResponse')[0]!['functionResponses'] as Json[]
    expect(response[0]!['parts']).toEqual([{ inlineData: { mimeType: 'image/png', data: RED_PIXEL_PNG } }])
    live.close()
  })

  test("filePrivacy decides what the setup's description shows of the sandbox's files", async () => {
    for (const filePrivacy of ['none', 'full'] as const) {
      const executor = new FileTakingExecutor()
      await executor.putFiles([{ name: 'sales.csv', data: new TextEncoder().encode('month,total\njan,12\n') }])
      const { session, connect } = await open(sdk, 'live-primes', { sandbox: executor, filePrivacy })
      const live = await connect()
      live.close()
      const description = JSON.stringify(fromClient(await session.liveMessages(), 'setup')[0]!['tools'])
      expect(description.includes('sales.csv')).toBe(true)
      expect(description.includes('jan,12')).toBe(filePrivacy === 'full')
    }
  })
})
