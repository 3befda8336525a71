/**
 * Preload hints in a Live session, through the real `@google/genai` client
 * against the strict local Live server: the user's client content and
 * realtime text, the model's thoughts and text, and its calls are hinted as
 * they pass, and the hints of a turn come before its run.
 */
import { GoogleGenAI, Modality, type LiveServerMessage } from '@google/genai'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RunOptions } from '../../../src/executor.ts'
import { withLocalCodeExecution, type LocalLiveSession } from '../../../src/gemini/index.ts'
import type { RunResult } from '../../../src/protocol.ts'
import { startSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'
import { FakeExecutor } from './fake-executor.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startGeminiTestServer()
})
afterAll(() => server.close())

/** Logs each hint with what had been shown to the app by then, and each run. */
class HintedExecutor extends FakeExecutor {
  readonly log: string[] = []
  constructor(private readonly shown: () => string) {
    super()
  }
  preload(libraries: readonly string[]): void {
    this.log.push(`preload ${libraries.join(',')} after [${this.shown()}]`)
  }
  override run(code: string, options?: RunOptions): Promise<RunResult> {
    this.log.push('run')
    return super.run(code, options)
  }
}

test('client content, the model’s thought, text and call, and realtime text are hinted, each before what follows it', async () => {
  const session = await startSession(server.baseUrl, 'live-hints')
  const messages: LiveServerMessage[] = []
  const shown = () =>
    messages
      .flatMap((message) => message.serverContent?.modelTurn?.parts ?? [])
      .map((part) => (part.thought ? 'thought' : part.executableCode ? 'code' : part.codeExecutionResult ? 'result' : 'text'))
      .join(' ')
  const executor = new HintedExecutor(shown)
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  let turns = 0
  let turnEnded: () => void = () => {}
  const live = (await withLocalCodeExecution(ai, { sandbox: executor }).live.connect({
    model: 'gemini-live-2.5-flash-preview',
    config: { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }] },
    callbacks: {
      onmessage: (message) => {
        messages.push(message)
        if (message.serverContent?.turnComplete) (turns++, turnEnded())
      },
    },
  })) as LocalLiveSession
  const turnsCompleted = (count: number) => new Promise<void>((resolve) => ((turnEnded = () => turns >= count && resolve()), turnEnded()))

  const csv = { inlineData: { mimeType: 'text/csv', data: btoa('city,amount\nOslo,4\n') } }
  live.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'Analyse this table and chart it.' }, csv] }] })
  await turnsCompleted(1)
  live.sendRealtimeInput({ text: 'Could scipy fit a curve to it?' })
  await turnsCompleted(2)
  live.close()

  // In the order the signals passed: the user's message before the model said anything, the call's code
  // before it ran, the realtime text after the first turn's run was shown. (The hints go to the executor
  // once it is at hand, so how many of the model's messages were shown by then is left open.)
  expect(executor.log).toEqual([
    'preload pandas,matplotlib after []',
    expect.stringMatching(/^preload sympy after /),
    expect.stringMatching(/^preload numpy after /),
    'run',
    'preload scipy after [thought text code result text]',
  ])
  expect(executor.runs).toEqual(['import numpy\nprint(numpy.arange(4).sum())'])
})

test('text that names no library hints nothing', async () => {
  const session = await startSession(server.baseUrl, 'live-primes')
  const executor = new HintedExecutor(() => '')
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  let done: () => void = () => {}
  const ended = new Promise<void>((resolve) => (done = resolve))
  const live = (await withLocalCodeExecution(ai, { sandbox: executor }).live.connect({
    model: 'gemini-live-2.5-flash-preview',
    config: { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }] },
    callbacks: { onmessage: (message) => void (message.serverContent?.turnComplete && done()) },
  })) as LocalLiveSession
  live.sendClientContent({ turns: 'What is the sum of the first 50 prime numbers?' })
  await ended
  live.close()
  expect(executor.log).toEqual(['run'])
})
