/**
 * The broker's preload hints, through the real SDK client and the strict
 * local server: the request's message and attachments are hinted before the
 * model is asked, so the sandbox can load while the model writes the code.
 */
import { expect, test } from 'vitest'
import type { RunOptions } from '../../../src/executor.ts'
import type { RunResult } from '../../../src/protocol.ts'
import { strictClients } from './strict-client.ts'
import { FileTakingExecutor } from './fake-executor.ts'

const GEMINI_3 = 'gemini-3-flash-preview'
const config = { tools: [{ codeExecution: {} }] }
const table = { inlineData: { mimeType: 'text/csv', data: btoa('city,amount\nOslo,4\n') } }

class HintedExecutor extends FileTakingExecutor {
  readonly log: string[] = []
  preload(libraries: readonly string[]): void {
    this.log.push(`preload ${libraries.join(',')}`)
  }
  override run(code: string, options?: RunOptions): Promise<RunResult> {
    this.log.push('run')
    return super.run(code, options)
  }
}

const setup = strictClients()

test('a CSV and "chart it" are hinted as pandas and matplotlib before the code runs', async () => {
  const executor = new HintedExecutor()
  const { local } = await setup('sum-primes', { sandbox: executor })
  await local.models.generateContent({ model: GEMINI_3, contents: [{ role: 'user', parts: [{ text: 'Analyse this CSV and chart it.' }, table] }], config })
  expect(executor.log[0]).toBe('preload pandas,matplotlib')
  expect(executor.log).toContain('run')
})

test('a streamed request is hinted from its message before its code runs', async () => {
  const executor = new HintedExecutor()
  const { local } = await setup('sum-primes', { sandbox: executor })
  for await (const _chunk of await local.models.generateContentStream({ model: GEMINI_3, contents: 'Use sympy for the primes.', config })) {
    // drained
  }
  expect(executor.log[0]).toBe('preload sympy')
  expect(executor.log.indexOf('run')).toBeGreaterThan(0)
})

test('a message that names no library hints nothing', async () => {
  const executor = new HintedExecutor()
  const { local } = await setup('sum-primes', { sandbox: executor })
  await local.models.generateContent({ model: GEMINI_3, contents: 'Sum the primes below 100.', config })
  expect(executor.log.filter((entry) => entry.startsWith('preload'))).toEqual([])
})

test('through the Interactions API, the input is hinted before the code runs', async () => {
  const executor = new HintedExecutor()
  const { local } = await setup('interactions-primes', { sandbox: executor })
  await local.interactions.create({ model: 'gemini-3.5-flash', input: 'Use sympy for the primes.', tools: [{ type: 'code_execution' }] })
  expect(executor.log[0]).toBe('preload sympy')
})

test('a streamed answer is hinted chunk by chunk: the thought, then the text, then the call, before its run', async () => {
  const executor = new HintedExecutor()
  const { local } = await setup('stream-hints', { sandbox: executor })
  const seen: string[] = []
  for await (const chunk of await local.models.generateContentStream({ model: GEMINI_3, contents: 'Sum a small range.', config })) {
    seen.push(...(chunk.candidates?.[0]?.content?.parts ?? []).map((part) => (part.thought ? 'thought' : part.executableCode ? 'code' : 'other')))
  }
  // One hint per chunk, each with only what that chunk named: a hint of the whole answer would have named all three at once.
  expect(executor.log).toEqual(['preload pandas', 'preload matplotlib', 'preload numpy', 'run'])
  expect(seen).toContain('code')
})

test('through the Interactions API, streamed text and each argument delta are hinted before the call completes', async () => {
  const executor = new HintedExecutor()
  const { local } = await setup('interactions-hints', { sandbox: executor })
  const stream = await local.interactions.create({ model: 'gemini-3.5-flash', input: 'Sum a small series.', tools: [{ type: 'code_execution' }], stream: true })
  for await (const _event of stream as AsyncIterable<unknown>) {
    // drained
  }
  // "sympy" arrives cut in two text deltas ("Let me try s" + "ympy on it."); the arguments' first delta imports
  // only pandas, so its hint came before the call was whole; the second adds matplotlib.
  expect(executor.log).toEqual(['preload sympy', 'preload pandas', 'preload matplotlib,pandas', 'run'])
})
