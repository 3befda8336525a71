/** The Live adapter's pure parts: what the app sees, what the model receives, and which sandbox a session gets. */
import type { LiveServerMessage } from '@google/genai'
import { describe, expect, test } from 'vitest'
import type { ToolCallResult } from '../../../src/gemini/calls.ts'
import { liveFunctionResponses, messageForApp, splitToolCall } from '../../../src/gemini/live/messages.ts'
import { disposesOnClose, LiveSandboxes } from '../../../src/gemini/live/sandboxes.ts'
import { FakeExecutor } from './fake-executor.ts'

const isLocal = (name: string) => name === 'run_python'
const image = { mimeType: 'image/png', data: 'AAAA' }
const result = (id: string, images: Array<typeof image> = []): ToolCallResult => ({
  call: { id, name: 'run_python', args: { code: 'x' } },
  response: { outcome: 'OUTCOME_OK', output: 'drew\n', ...(images.length > 0 ? { note: `The run produced ${images.length} image(s), attached.` } : {}) },
  images,
  failed: false,
})

describe('messages for the app', () => {
  test('a toolCall is split: local calls for the loop, the app keeps its own in order', () => {
    const calls = [
      { id: 'a', name: 'run_python', args: { code: '1' } },
      { id: 'b', name: 'get_weather', args: {} },
      { id: 'c', name: 'run_python', args: { code: '2' } },
    ]
    expect(splitToolCall(calls, isLocal)).toEqual({ local: [calls[0], calls[2]], app: [calls[1]] })
  })

  test('a toolCall of local calls only is not shown; a mixed one shows the app its own calls', () => {
    const local = { toolCall: { functionCalls: [{ id: 'a', name: 'run_python', args: {} }] } } as LiveServerMessage
    expect(messageForApp(local, { isLocal, localIds: new Set(['a']) })).toBeUndefined()
    const mixed = { toolCall: { functionCalls: [{ id: 'a', name: 'run_python', args: {} }, { id: 'b', name: 'get_weather', args: {} }] } } as LiveServerMessage
    expect(messageForApp(mixed, { isLocal, localIds: new Set(['a']) })).toMatchObject({ toolCall: { functionCalls: [{ id: 'b', name: 'get_weather', args: {} }] } })
  })

  test('cancellations keep only the app’s ids; other messages pass as the same object', () => {
    const cancel = { toolCallCancellation: { ids: ['a', 'b'] } } as LiveServerMessage
    expect(messageForApp(cancel, { isLocal, localIds: new Set(['a']) })).toMatchObject({ toolCallCancellation: { ids: ['b'] } })
    expect(messageForApp(cancel, { isLocal, localIds: new Set(['a', 'b']) })).toBeUndefined()
    const goAway = { goAway: { timeLeft: '10s' } } as LiveServerMessage
    expect(messageForApp(goAway, { isLocal, localIds: new Set() })).toBe(goAway)
  })

  test('a message with usage besides the local call keeps the usage', () => {
    const message = { toolCall: { functionCalls: [{ id: 'a', name: 'run_python', args: {} }] }, usageMetadata: { totalTokenCount: 5 } } as LiveServerMessage
    const shown = messageForApp(message, { isLocal, localIds: new Set(['a']) })
    expect(shown?.toolCall).toBeUndefined()
    expect(shown?.usageMetadata).toEqual({ totalTokenCount: 5 })
  })
})

describe('function responses on the Live wire', () => {
  test('ids and names matched, in call order', () => {
    expect(liveFunctionResponses([result('a'), result('b')], true)).toEqual([
      { id: 'a', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: 'drew\n' } },
      { id: 'b', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: 'drew\n' } },
    ])
  })

  test('Gemini 3 gets the images inside the response; older models are told they did not', () => {
    expect(liveFunctionResponses([result('a', [image])], true)[0]).toMatchObject({ parts: [{ inlineData: image }], response: { note: 'The run produced 1 image(s), attached.' } })
    const older = liveFunctionResponses([result('a', [image])], false)[0]!
    expect(older.parts).toBeUndefined()
    expect(older.response!['note']).toBe('The run produced 1 image(s); they are shown to the user, but this model cannot receive images in a function response.')
  })
})

describe('sandboxes of Live sessions', () => {
  test("'auto' disposes when the app closes and keeps the sandbox when the connection ends otherwise", () => {
    expect([disposesOnClose('auto', true), disposesOnClose('auto', false)]).toEqual([true, false])
    expect([disposesOnClose('keep', true), disposesOnClose('dispose', false)]).toEqual([false, true])
  })

  test('a resumed session gets the sandbox its handle names; a new one gets its own', async () => {
    const made: FakeExecutor[] = []
    const sandboxes = new LiveSandboxes({ create: async () => (made.push(new FakeExecutor()), made.at(-1)!) })
    const first = sandboxes.acquire(undefined)
    const executor = await first.get()
    first.remember('h1')
    first.closed('auto', false)
    expect(await sandboxes.acquire('h1').get()).toBe(executor)
    expect(await sandboxes.acquire('unknown').get()).not.toBe(executor)
    expect(made).toHaveLength(2)
  })

  test('a disposed sandbox is forgotten under all its handles; the shared one is never disposed', async () => {
    let disposed = 0
    const sandboxes = new LiveSandboxes({ create: async () => Object.assign(new FakeExecutor(), { dispose: () => disposed++ }) })
    const session = sandboxes.acquire(undefined)
    const executor = await session.get()
    session.remember('h1')
    session.remember('h2')
    session.closed('auto', true)
    await Promise.resolve()
    expect(disposed).toBe(1)
    expect(await sandboxes.acquire('h1').get()).not.toBe(executor)

    const shared = new FakeExecutor()
    const withShared = new LiveSandboxes({ shared, create: () => Promise.reject(new Error('not used')) })
    const one = withShared.acquire('h1')
    one.closed('dispose', true)
    expect(await withShared.acquire(undefined).get()).toBe(shared)
  })
})
