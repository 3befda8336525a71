/** The local server's Interactions API refuses what a careless broker would send. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startGeminiTestServer()
})
afterAll(() => server.close())

type Json = Record<string, unknown>
const MODEL = 'gemini-3.5-flash'
const tools = [{ type: 'function', name: 'run_python', description: 'Runs Python.', parameters: { type: 'object', properties: { code: { type: 'string' } } } }]
const result = (callId: string, extra: Json = {}) => ({ type: 'function_result', call_id: callId, name: 'run_python', result: 'ok', ...extra })

async function create(session: TestSession, body: Json): Promise<{ status: number; body: Json & { error?: { code: number; status: string; message: string } } }> {
  const response = await fetch(`${session.baseUrl}/v1beta/interactions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-goog-api-key': session.apiKey },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: response.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as Json) : { text } }
}

/** A session whose first interaction (`interaction-1`) made calls and waits for their results. */
async function openSession(script: string): Promise<{ session: TestSession; first: Json }> {
  const session = await startSession(server.baseUrl, script)
  const first = await create(session, { model: MODEL, input: 'go', tools })
  expect(first.status).toBe(200)
  expect(first.body['status']).toBe('requires_action')
  return { session, first: first.body }
}

describe('strict Interactions server', () => {
  test('the built-in code_execution tool is refused, so a passing test proves the broker replaced it', async () => {
    const session = await startSession(server.baseUrl, 'interactions-primes')
    const refused = await create(session, { model: MODEL, input: 'go', tools: [{ type: 'code_execution' }] })
    expect(refused.status).toBe(400)
    expect(refused.body.error!.message).toMatch(/code_execution/)
  })

  test('fields outside the SDK types, and JSON Schema types in capitals, are refused', async () => {
    const session = await startSession(server.baseUrl, 'interactions-primes')
    expect((await create(session, { model: MODEL, input: 'go', config: {} })).body.error!.message).toMatch(/Unknown name "config"/)
    const upper = [{ ...tools[0], parameters: { type: 'OBJECT' } }]
    expect((await create(session, { model: MODEL, input: 'go', tools: upper })).body.error!.message).toMatch(/lowercase type/)
  })

  test('a function_result whose call_id matches no open call is refused', async () => {
    const { session, first } = await openSession('interactions-primes')
    const answer = await create(session, { model: MODEL, previous_interaction_id: first['id'], input: [result('call-primes-1'), result('call-nope')], tools })
    expect(answer.status).toBe(400)
    expect(answer.body.error!.message).toMatch(/call_id call-nope does not match any open function call/)
  })

  test('a call left unanswered, even one of two parallel calls, is refused', async () => {
    const { session, first } = await openSession('interactions-parallel')
    const half = await create(session, { model: MODEL, previous_interaction_id: first['id'], input: [result('par-1')], tools })
    expect(half.status).toBe(400)
    expect(half.body.error!.message).toMatch(/par-2 \(run_python\) was not answered/)
    const none = await create(session, { model: MODEL, previous_interaction_id: first['id'], input: 'never mind', tools })
    expect(none.body.error!.message).toMatch(/has no function_result before this step/)
    const both = await create(session, { model: MODEL, previous_interaction_id: first['id'], input: [result('par-2'), result('par-1')], tools })
    expect(both.status).toBe(200)
  })

  test("a result whose name differs from its call's is refused", async () => {
    const { session, first } = await openSession('interactions-primes')
    const answer = await create(session, { model: MODEL, previous_interaction_id: first['id'], input: [result('call-primes-1', { name: 'other' })], tools })
    expect(answer.body.error!.message).toMatch(/name other does not match function call name run_python/)
  })

  test('an unknown previous_interaction_id, or one created with store: false, is not found', async () => {
    const session = await startSession(server.baseUrl, 'interactions-primes')
    const unknown = await create(session, { model: MODEL, previous_interaction_id: 'interaction-404', input: 'hi', tools })
    expect(unknown.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' })
    const unstored = await create(session, { model: MODEL, input: 'go', tools, store: false })
    expect(unstored.status).toBe(200)
    const follow = await create(session, { model: MODEL, previous_interaction_id: unstored.body['id'], input: [result('call-primes-1')], tools })
    expect(follow.body.error).toMatchObject({ code: 404 })
  })

  test('a stateless history must carry the model steps as issued: altered or dropped signatures are refused', async () => {
    const session = await startSession(server.baseUrl, 'interactions-primes')
    const first = await create(session, { model: MODEL, input: 'go', tools, store: false })
    const steps = first.body['steps'] as Json[]
    const user = { type: 'user_input', content: [{ type: 'text', text: 'go' }] }
    const altered = [user, { ...steps[0], signature: btoa('forged') }, steps[1], result('call-primes-1')]
    expect((await create(session, { model: MODEL, input: altered, tools, store: false })).body.error!.message).toMatch(/Corrupted thought signature/)
    const dropped = [user, steps[1], result('call-primes-1')]
    expect((await create(session, { model: MODEL, input: dropped, tools, store: false })).body.error!.message).toMatch(/missing its signature/)
    const changedCall = [user, steps[0], { ...steps[1], arguments: { code: 'print(1)' } }, result('call-primes-1')]
    expect((await create(session, { model: MODEL, input: changedCall, tools, store: false })).body.error!.message).toMatch(/differs from the call the model made/)
    const builtIn = [user, steps[0], { type: 'code_execution_call', id: 'call-primes-1', arguments: { code: 'x', language: 'python' } }]
    expect((await create(session, { model: MODEL, input: builtIn, tools, store: false })).body.error!.message).toMatch(/code_execution_call step was not issued/)
    const faithful = await create(session, { model: MODEL, input: [user, ...steps, result('call-primes-1')], tools, store: false })
    expect(faithful.status).toBe(200)
    expect(faithful.body['status']).toBe('completed')
  })

  test('stream: true answers with SSE events, arguments as deltas where the script says so', async () => {
    const session = await startSession(server.baseUrl, 'interactions-primes')
    const streamed = await create(session, { model: MODEL, input: 'go', tools, stream: true })
    const events = String(streamed.body['text'])
      .split('\n\n')
      .filter(Boolean)
      .map((block) => JSON.parse(block.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as Json)
    expect(events.map((event) => event['event_type'])).toEqual([
      'interaction.created',
      'step.start', 'step.delta', 'step.stop',
      'step.start', 'step.delta', 'step.delta', 'step.stop',
      'interaction.completed',
    ])
    const argumentText = events.filter((event) => (event['delta'] as Json | undefined)?.['type'] === 'arguments_delta').map((event) => (event['delta'] as Json)['arguments']).join('')
    expect(JSON.parse(argumentText)).toEqual({ code: expect.stringContaining('sum(primes)') })
    expect((events.at(-1)!['interaction'] as Json)['status']).toBe('requires_action')
  })
})
