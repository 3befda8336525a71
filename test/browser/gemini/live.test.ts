/**
 * `withLocalCodeExecution(ai).live` in Chromium: the real `@google/genai`
 * client, 3.x and 2.32, opens the browser's WebSocket to the strict local
 * Live server, and the scripted model's code runs in one real `PythonSandbox`.
 * The session's rules (cancellation, mixed calls, limits, resumption) are
 * tested in Node (test/unit/gemini/live.test.ts); here, what needs Python.
 */
import { Modality, type LiveServerMessage, type Part } from '@google/genai'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { withLocalCodeExecution, type CodeExecutionEvent } from '../../../src/gemini/index.ts'
import { PythonSandbox } from '../../../src/sandbox/index.ts'
import { startSession } from '../../gemini-server/session.ts'
import { SDKS, type Sdk } from './sdks.ts'

type Json = Record<string, unknown>
const BASE_URL = `${location.origin}/gemini-api`
// Nothing here depends on cross-origin isolation (the sandbox's own tests cover both modes).
const isolated = inject('crossOriginIsolated')

let sandbox: PythonSandbox
beforeAll(async () => {
  if (isolated) await (sandbox = new PythonSandbox()).ready()
})
afterAll(() => sandbox?.dispose())

/** The cookbook's pattern: print the model's parts as they come, and wait for the end of each turn. */
async function cookbookSession(sdk: Sdk, script: string, onEvent?: (event: CodeExecutionEvent) => void) {
  const session = await startSession(BASE_URL, script)
  const ai = withLocalCodeExecution(sdk.client(session), { sandbox, onEvent })
  const printed: string[] = []
  const messages: LiveServerMessage[] = []
  let turnDone: () => void = () => undefined
  const live = await ai.live.connect({
    model: 'gemini-live-2.5-flash-preview',
    config: { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }] },
    callbacks: {
      onmessage: (message) => {
        messages.push(message)
        for (const part of message.serverContent?.modelTurn?.parts ?? []) {
          if (part.executableCode) printed.push(`code: ${part.executableCode.code}`)
          if (part.codeExecutionResult) printed.push(`result: ${part.codeExecutionResult.output}`)
          if (part.text) printed.push(part.text)
        }
        if (message.serverContent?.turnComplete) turnDone()
      },
    },
  })
  const ask = (text: string) =>
    new Promise<void>((resolve) => {
      turnDone = resolve
      live.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true })
    })
  return { session, live, ask, printed, messages }
}

const partsOf = (messages: readonly LiveServerMessage[]): Part[] => messages.flatMap((message) => message.serverContent?.modelTurn?.parts ?? [])

describe.skipIf(!isolated).each(SDKS)('the Live API with the real sandbox and $name (isolated project only: nothing here concerns isolation)', (sdk) => {
  test('the cookbook pattern: a question answered by code run here, ids matched, state kept across turns', async () => {
    const { session, live, ask, printed, messages } = await cookbookSession(sdk, 'live-primes')
    await ask('What is the sum of the first 50 prime numbers? Use code.')
    await ask('And what is the 50th prime?')
    live.close()

    expect(printed).toEqual([
      'Let me compute that.',
      expect.stringMatching(/^code: primes = \[\]/),
      'result: 50 5117\n',
      'The sum of the first 50 prime numbers is 5117.',
      'code: print(primes[-1], len(primes))',
      'result: 229 50\n',
      'The 50th prime is 229.',
    ])
    expect(messages.some((message) => message.toolCall)).toBe(false)
    const results = partsOf(messages).filter((part) => part.codeExecutionResult)
    expect(results.map((part) => part.codeExecutionResult)).toEqual([
      { outcome: 'OUTCOME_OK', output: '50 5117\n', id: 'live-call-1' },
      { outcome: 'OUTCOME_OK', output: '229 50\n', id: 'live-call-2' },
    ])
    const records = await session.liveMessages()
    expect(records.filter((record) => record.closed)).toEqual([])
    const answers = records.filter((record) => record.from === 'client' && 'toolResponse' in record.message).map((record) => (record.message['toolResponse'] as Json)['functionResponses'])
    expect(answers).toEqual([
      [{ id: 'live-call-1', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '50 5117\n' } }],
      [{ id: 'live-call-2', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '229 50\n' } }],
    ])
    // The client under test opened the socket, on its own default API version.
    expect(new Set(records.map((record) => record.apiVersion))).toEqual(new Set([sdk.apiVersion]))
    const setup = records.find((record) => 'setup' in record.message)!.message['setup'] as Json
    expect(setup['model']).toBe('models/gemini-live-2.5-flash-preview')
    expect(JSON.stringify(setup['tools'])).not.toContain('codeExecution')
  })

  test('after goAway, a new connect with the resumption handle finds the Python variables of the session it resumes', async () => {
    const session = await startSession(BASE_URL, 'live-resume')
    let created = 0
    // The session's own sandbox (not the wrapper-wide one), made once: the resumed session must find it by its handle.
    const ai = withLocalCodeExecution(sdk.client(session), { createSandbox: () => (created++, sandbox) })
    const outputs: string[] = []
    let handle: string | undefined
    let closed: () => void = () => undefined
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve))
    let turnDone: () => void = () => undefined
    const callbacks = {
      onmessage: (message: LiveServerMessage) => {
        for (const part of message.serverContent?.modelTurn?.parts ?? []) if (part.codeExecutionResult) outputs.push(part.codeExecutionResult.output!)
        if (message.sessionResumptionUpdate?.resumable) handle = message.sessionResumptionUpdate.newHandle
        if (message.serverContent?.turnComplete) turnDone()
      },
      onclose: () => closed(),
    }
    const config = { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }] }
    const ask = (live: { sendClientContent(params: { turns: string }): void }, text: string) =>
      new Promise<void>((resolve) => {
        turnDone = resolve
        live.sendClientContent({ turns: text })
      })
    // 'keep': the test's one sandbox outlives the session.
    const first = await ai.live.connect({ model: 'gemini-live-2.5-flash-preview', config: { ...config, sessionResumption: {} }, callbacks }, { sandboxOnClose: 'keep' })
    await ask(first, 'Set x to 21.')
    await connectionClosed
    const second = await ai.live.connect({ model: 'gemini-live-2.5-flash-preview', config: { ...config, sessionResumption: { handle } }, callbacks }, { sandboxOnClose: 'keep' })
    await ask(second, 'Double x.')
    second.close()

    expect(outputs).toEqual(['', '42\n'])
    expect(created).toBe(1)
    expect((await session.liveMessages()).filter((record) => record.closed)).toEqual([{ connection: 1, apiVersion: sdk.apiVersion, from: 'server', message: {}, closed: { code: 1000, reason: 'going away' } }])
  })

  test('live output reaches onEvent while the code runs; the user talking over a run stops it, and the next turn runs', async () => {
    const events: CodeExecutionEvent[] = []
    let started: () => void = () => undefined
    const running = new Promise<void>((resolve) => (started = resolve))
    const { session, live, ask, messages } = await cookbookSession(sdk, 'live-cancel', (event) => {
      events.push(event)
      if (event.type === 'output') started()
    })
    const firstTurn = ask('Loop forever.')
    await running
    live.sendRealtimeInput({ text: 'Stop!' })
    await firstTurn
    await ask('Are you still there?')
    live.close()

    const ended = events.filter((event): event is Extract<CodeExecutionEvent, { type: 'run-end' }> => event.type === 'run-end')
    expect(ended.map((event) => event.callId)).toEqual(['slow-1', 'after-1'])
    expect(ended[1]!.result.output).toBe('still here\n')
    expect(partsOf(messages).filter((part) => part.codeExecutionResult).map((part) => part.codeExecutionResult!.id)).toEqual(['slow-1', 'after-1'])
    const records = await session.liveMessages()
    expect(records.filter((record) => record.closed)).toEqual([])
    expect(records.filter((record) => record.from === 'client' && 'toolResponse' in record.message)).toHaveLength(1)
  })
})
