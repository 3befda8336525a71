/**
 * `withLocalCodeExecution(ai).interactions` through the real `@google/genai`
 * client against the strict local server, in Node, with a fake executor.
 * (The Chromium tests repeat the documented samples and the continuations
 * with real Python.)
 */
import { GoogleGenAI, type Interactions } from '@google/genai'
import { describe, expect, test } from 'vitest'
import { findAttachments, GeminiAbortError, GeminiApiError, withLocalCodeExecution, type CodeExecutionEvent, type LocalCodeExecutionOptions } from '../../../src/gemini/index.ts'
import type { TestSession } from '../../gemini-server/session.ts'
import { strictClients } from './strict-client.ts'
import { FakeExecutor, FileTakingExecutor, RED_PIXEL_PNG } from './fake-executor.ts'

type Step = Interactions.Step
type Json = Record<string, unknown>
const MODEL = 'gemini-3.5-flash'
const PRIMES_PROMPT = 'What is the sum of the first 50 prime numbers? Generate and run code for the calculation, and make sure you get all 50.'

const openClient = strictClients()

async function setup(script: string, options: Partial<LocalCodeExecutionOptions> = {}) {
  const { session, local: client, executor, events } = await openClient(script, options)
  return { session, client, executor, events }
}

async function bodies(session: TestSession): Promise<Json[]> {
  return (await session.requests()).map((request) => {
    expect(request.status, request.error).toBe(200)
    return request.body
  })
}

const types = (steps: readonly Step[]) => steps.map((step) => step.type)

describe('interactions.create with the local code-execution tool', () => {
  test('the documented sample runs unchanged: code and result steps from the sandbox, 5117, no function steps', async () => {
    const { session, client, executor } = await setup('interactions-primes')
    const logged: string[] = []
    const console = { log: (line: unknown) => logged.push(String(line)) }

    const interaction = await client.interactions.create({
      model: 'gemini-3.5-flash',
      input: PRIMES_PROMPT,
      tools: [{ type: 'code_execution' }],
    })
    for (const step of interaction.steps) {
      if (step.type === 'model_output') { for (const c of step.content ?? []) if (c.type === 'text') console.log(c.text) }
      else if (step.type === 'code_execution_call') console.log(step.arguments.code)
      else if (step.type === 'code_execution_result') console.log(step.result)
    }

    expect(executor.runs).toHaveLength(1)
    expect(logged).toEqual([executor.runs[0], '50 5117\n', 'The sum of the first 50 prime numbers is 5117.'])
    expect(types(interaction.steps)).toEqual(['thought', 'code_execution_call', 'code_execution_result', 'thought', 'model_output'])
    expect(interaction.steps[1]).toEqual({ type: 'code_execution_call', id: 'call-primes-1', arguments: { code: executor.runs[0], language: 'python' } })
    expect(interaction.steps[2]).toEqual({ type: 'code_execution_result', call_id: 'call-primes-1', result: '50 5117\n' })
    expect(interaction.steps[0]).toEqual({ type: 'thought', signature: btoa('sig-primes-1'), summary: [{ type: 'text', text: 'Planning a prime sieve.' }] })
    expect(interaction).toMatchObject({ id: 'interaction-2', status: 'completed', output_text: 'The sum of the first 50 prime numbers is 5117.' })
    expect(interaction.usage).toMatchObject({ total_input_tokens: 320, total_output_tokens: 72, total_tokens: 392 })
    expect(interaction.previous_interaction_id).toBeUndefined()
    // What the API echoes is the app's request, not the broker's last round-trip.
    expect(interaction.input).toBe(PRIMES_PROMPT)
    expect(interaction.tools).toEqual([{ type: 'code_execution' }])

    const [first, second] = await bodies(session)
    expect(first!['tools']).toEqual([
      { type: 'function', name: 'run_python', description: expect.stringContaining('Python'), parameters: { type: 'object', properties: { code: expect.objectContaining({ type: 'string' }) }, required: ['code'] } },
    ])
    expect(second).toMatchObject({ previous_interaction_id: 'interaction-1', input: [{ type: 'function_result', call_id: 'call-primes-1', name: 'run_python', result: '50 5117\n' }] })
  })

  test('an image in the input goes to the model as sent and into the sandbox as input_1.png', async () => {
    const executor = new FileTakingExecutor()
    const { session, client } = await setup('interactions-image', { sandbox: executor })
    const interaction = await client.interactions.create({
      model: MODEL,
      input: [{ type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' }, { type: 'text', text: 'Zoom into the image and tell me what it shows.' }],
      tools: [{ type: 'code_execution' }],
    })
    expect(executor.puts).toEqual([['input_1.png']])
    expect(executor.runs[0]).toContain('read_png("input_1.png")')
    expect(types(interaction.steps)).toEqual(['thought', 'code_execution_call', 'code_execution_result', 'model_output', 'thought', 'model_output'])
    expect(interaction.steps[3]).toEqual({ type: 'model_output', content: [{ type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' }] })
    const [first, second] = await bodies(session)
    expect(first!['input']).toEqual([{ type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' }, { type: 'text', text: 'Zoom into the image and tell me what it shows.' }])
    expect(String((first!['tools'] as Json[])[0]!['description'])).toContain('input_1.png')
    // Gemini 3 takes the run's image inside the function result.
    expect((second!['input'] as Json[])[0]!['result']).toEqual([
      { type: 'text', text: expect.stringContaining('drew a red pixel') },
      { type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' },
    ])
  })

  test('a follow-up over previous_interaction_id continues the conversation and the Python state', async () => {
    const { session, client, executor } = await setup('interactions-two-turn')
    const tools = [{ type: 'code_execution' as const }]
    const one = await client.interactions.create({ model: MODEL, input: 'Set x to 21.', tools })
    const two = await client.interactions.create({ model: MODEL, input: 'Now double x.', previous_interaction_id: one.id, tools })
    expect(executor.runs).toEqual(['x = 21\nprint(x)\n', 'print(x * 2)\n'])
    expect(two.steps.find((step) => step.type === 'code_execution_result')).toMatchObject({ result: '42\n' })
    expect(two).toMatchObject({ previous_interaction_id: one.id, status: 'completed', output_text: 'Doubled, x is 42.' })
    const sent = await bodies(session)
    expect(sent.map((body) => body['previous_interaction_id'])).toEqual([undefined, 'interaction-1', 'interaction-2', 'interaction-3'])
  })

  test('store: false resends the whole history, the model steps exactly as received', async () => {
    const { session, client } = await setup('interactions-two-turn')
    const tools = [{ type: 'code_execution' as const }]
    const question = { type: 'user_input' as const, content: [{ type: 'text' as const, text: 'Set x to 21.' }] }
    const one = await client.interactions.create({ model: MODEL, input: [question], tools, store: false })
    const followUp = { type: 'user_input' as const, content: [{ type: 'text' as const, text: 'Now double x.' }] }
    const two = await client.interactions.create({ model: MODEL, input: [question, ...one.steps, followUp], tools, store: false })
    expect(two.steps.find((step) => step.type === 'code_execution_result')).toMatchObject({ result: '42\n' })
    const sent = await bodies(session)
    expect(sent.every((body) => body['previous_interaction_id'] === undefined && body['store'] === false)).toBe(true)
    expect(types(sent[2]!['input'] as Step[])).toEqual(['user_input', 'thought', 'function_call', 'function_result', 'thought', 'model_output', 'user_input'])
  })

  test('store: false also continues from a history saved and reloaded (a new client, nothing remembered)', async () => {
    const { session, client } = await setup('interactions-two-turn')
    const tools = [{ type: 'code_execution' as const }]
    const question = { type: 'user_input' as const, content: [{ type: 'text' as const, text: 'Set x to 21.' }] }
    const one = await client.interactions.create({ model: MODEL, input: [question], tools, store: false })
    const saved = JSON.parse(JSON.stringify([question, ...one.steps])) as Step[]
    const reloaded = withLocalCodeExecution(new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } }), { sandbox: new FakeExecutor() })
    const followUp = { type: 'user_input' as const, content: [{ type: 'text' as const, text: 'Now double x.' }] }
    const two = await reloaded.interactions.create({ model: MODEL, input: [...saved, followUp], tools, store: false })
    expect(two.status).toBe('completed')
    const sent = (await bodies(session))[2]!['input'] as Json[]
    expect(sent[2]).toEqual({ type: 'function_call', id: 'state-1', name: 'run_python', arguments: { code: 'x = 21\nprint(x)\n' } })
    expect(sent[3]).toEqual({ type: 'function_result', call_id: 'state-1', name: 'run_python', result: '21\n' })
  })

  test('parallel calls run in order and are all answered in one request', async () => {
    const { session, client, executor } = await setup('interactions-parallel')
    const interaction = await client.interactions.create({ model: MODEL, input: 'Print two things.', tools: [{ type: 'code_execution' }] })
    expect(executor.runs).toEqual(['print("first")\n', 'print("second")\n'])
    expect(types(interaction.steps)).toEqual(['thought', 'code_execution_call', 'code_execution_result', 'code_execution_call', 'code_execution_result', 'model_output'])
    const [, second] = await bodies(session)
    expect((second!['input'] as Json[]).map((step) => [step['call_id'], step['name']])).toEqual([['par-1', 'run_python'], ['par-2', 'run_python']])
  })

  test('streaming re-emits the events in the built-in shape, code steps as the runs happen, arguments from deltas', async () => {
    const { client, events } = await setup('interactions-primes')
    const stream = await client.interactions.create({ model: MODEL, input: PRIMES_PROMPT, tools: [{ type: 'code_execution' }], stream: true })
    const received: Interactions.InteractionSSEEvent[] = []
    for await (const event of stream) received.push(event)

    expect(received.map((event) => event.event_type)).toEqual([
      'interaction.created',
      'step.start', 'step.delta', 'step.stop', // thought and its signature
      'step.start', 'step.stop', // code_execution_call
      'step.start', 'step.stop', // code_execution_result
      'step.start', 'step.delta', 'step.stop', // the second request's thought
      'step.start', 'step.delta', 'step.delta', 'step.stop', // the answer, in two text deltas
      'interaction.completed',
    ])
    const starts = received.filter((event): event is Interactions.StepStart => event.event_type === 'step.start')
    expect(starts.map((event) => [event.index, event.step.type])).toEqual([
      [0, 'thought'], [1, 'code_execution_call'], [2, 'code_execution_result'], [3, 'thought'], [4, 'model_output'],
    ])
    expect(starts[1]!.step).toMatchObject({ arguments: { code: expect.stringContaining('sum(primes)'), language: 'python' } })
    expect(starts[2]!.step).toEqual({ type: 'code_execution_result', call_id: 'call-primes-1', result: '50 5117\n' })
    const completed = received.at(-1) as Interactions.InteractionCompletedEvent
    expect(completed.interaction).toMatchObject({ id: 'interaction-2', status: 'completed', usage: { total_tokens: 392 } })
    // The run-start event reached onEvent before the result step was emitted.
    expect(events.map((event) => event.type)).toEqual(['run-start', 'output', 'run-end'])
  })

  test('the stream is a ReadableStream too; leaving it early cancels the request and stops the running code', async () => {
    const { session, client, events } = await setup('interactions-abort')
    const stream = await client.interactions.create({ model: MODEL, input: 'Loop.', tools: [{ type: 'code_execution' }], stream: true })
    expect(stream).toBeInstanceOf(ReadableStream)
    for await (const event of stream) if (event.event_type === 'step.start' && event.step.type === 'code_execution_call') break
    await expect.poll(() => events.some((event) => event.type === 'run-end')).toBe(true)
    expect(await session.requests()).toHaveLength(1)
  })

  test('arguments whole in step.start stream just as well (parallel calls)', async () => {
    const { client, executor } = await setup('interactions-parallel')
    const stream = await client.interactions.create({ model: MODEL, input: 'Print two things.', tools: [{ type: 'code_execution' }], stream: true })
    const results: Interactions.CodeExecutionResultStep['result'][] = []
    for await (const event of stream) if (event.event_type === 'step.start' && event.step.type === 'code_execution_result') results.push(event.step.result)
    expect(results).toEqual(['first\n', 'second\n'])
    expect(executor.runs).toHaveLength(2)
  })

  test('after five regenerations the model is asked for text (tool_choice none)', async () => {
    const { session, client, executor } = await setup('interactions-regenerations')
    const interaction = await client.interactions.create({ model: MODEL, input: 'Divide.', tools: [{ type: 'code_execution' }] })
    expect(executor.runs).toHaveLength(6)
    const choices = (await bodies(session)).map((body) => (body['generation_config'] as Json | undefined)?.['tool_choice'])
    expect(choices).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, 'none'])
    const results = interaction.steps.filter((step): step is Interactions.CodeExecutionResultStep => step.type === 'code_execution_result')
    expect(results).toHaveLength(6)
    expect(results.map((step) => step.is_error)).toEqual(Array(6).fill(true))
    expect(results.map((step) => step.result)).toEqual(Array(6).fill(expect.stringContaining('ZeroDivisionError')))
    expect(interaction.output_text).toBe('Every attempt divided by zero, so there is no result.')
  })

  test('a run past the deadline is an error result that names the limit', async () => {
    const { session, client } = await setup('interactions-deadline', { timeoutMs: 100 })
    const interaction = await client.interactions.create({ model: MODEL, input: 'Loop.', tools: [{ type: 'code_execution' }] })
    const result = interaction.steps.find((step) => step.type === 'code_execution_result')
    expect(result).toMatchObject({ is_error: true, result: expect.stringContaining('starting') })
    const answer = ((await bodies(session))[1]!['input'] as Json[])[0]!
    expect(answer).toMatchObject({ type: 'function_result', call_id: 'deadline-1', is_error: true })
    expect(String(answer['result'])).toMatch(/time limit of 0.1 s/)
    expect(String(answer['result'])).toMatch(/restarted to stop this run/)
  })

  test('abort stops the running code, throws GeminiAbortError, and the follow-up delivers the owed answer', async () => {
    const { session, client, executor } = await setup('interactions-abort')
    const controller = new AbortController()
    const started = new Promise<void>((resolve) => {
      const onEvent = (event: CodeExecutionEvent) => event.type === 'run-start' && resolve()
      void client.interactions
        .create({ model: MODEL, input: 'Loop.', tools: [{ type: 'code_execution' }] }, { signal: controller.signal, onEvent })
        .catch((error: unknown) => (caught = error))
    })
    let caught: unknown
    await started
    controller.abort()
    await expect.poll(() => caught).toBeInstanceOf(GeminiAbortError)
    expect((caught as GeminiAbortError).interactionId).toBe('interaction-1')
    expect(types((caught as GeminiAbortError).steps!)).toEqual(['thought', 'code_execution_call', 'code_execution_result'])
    expect(executor.runs).toHaveLength(1)
    const follow = await client.interactions.create({ model: MODEL, input: 'Never mind.', previous_interaction_id: 'interaction-1', tools: [{ type: 'code_execution' }] })
    expect(follow.output_text).toBe('Not reached.')
    const last = (await bodies(session)).at(-1)!
    expect(types(last['input'] as Step[])).toEqual(['function_result', 'user_input'])
  })

  test('the round-trip cap ends the call as incomplete; the next message sends the refused answer first', async () => {
    const { session, client, executor } = await setup('interactions-round-trip-cap', { maxRoundTrips: 2 })
    const capped = await client.interactions.create({ model: MODEL, input: 'Keep going.', tools: [{ type: 'code_execution' }] })
    expect(capped.status).toBe('incomplete')
    expect(capped.generation_config).toBeUndefined()
    expect(executor.runs).toEqual(['print("one")\n'])
    expect(capped.steps.filter((step) => step.type === 'code_execution_result').at(-1)).toMatchObject({ is_error: true, result: expect.stringContaining('limit on tool round-trips') })
    const next = await client.interactions.create({ model: MODEL, input: 'Go on.', previous_interaction_id: capped.id, tools: [{ type: 'code_execution' }] })
    expect(next.status).toBe('completed')
    const sent = await bodies(session)
    expect(sent[1]!['generation_config']).toEqual({ tool_choice: 'none' })
    expect(sent[2]!['input']).toEqual([expect.objectContaining({ type: 'function_result', call_id: 'cap-2', is_error: true }), { type: 'user_input', content: [{ type: 'text', text: 'Go on.' }] }])
  })

  test('a 429 is retried after the delay the API asks for, reported through onEvent', async () => {
    const { client, events } = await setup('interactions-retry-429')
    const interaction = await client.interactions.create({ model: MODEL, input: 'Hi.', tools: [{ type: 'code_execution' }] })
    expect(interaction.output_text).toBe('It ran after the retry.')
    const retry = events.find((event) => event.type === 'retry')
    expect(retry).toMatchObject({ attempt: 1, delayMs: 20 })
    expect((retry as { error: GeminiApiError }).error).toMatchObject({ status: 429, code: 'RESOURCE_EXHAUSTED' })
  })

  test('a 503 is retried with backoff; without retries left it surfaces as a typed error', async () => {
    const { session, client, events } = await setup('interactions-retry-503')
    const interaction = await client.interactions.create({ model: MODEL, input: 'Hi.', tools: [{ type: 'code_execution' }] })
    expect(interaction.output_text).toBe('Back after the retry.')
    expect(events.filter((event) => event.type === 'retry')).toHaveLength(1)
    expect((await session.requests()).map((request) => request.status)).toEqual([503, 200])
    const strict = await setup('interactions-retry-503', { retry: { maxRetries: 0 } })
    await expect(strict.client.interactions.create({ model: MODEL, input: 'Hi.', tools: [{ type: 'code_execution' }] })).rejects.toMatchObject({ name: 'GeminiApiError', status: 503, code: 'UNAVAILABLE' })
    expect(await strict.session.requests()).toHaveLength(1)
  })

  test('a per-request timeout_ms still applies, as a GeminiNetworkError', async () => {
    const { client } = await setup('interactions-slow')
    const late = client.interactions.create({ model: MODEL, input: 'Hi.', tools: [{ type: 'code_execution' }] }, { timeout_ms: 100 })
    await expect(late).rejects.toMatchObject({ name: 'GeminiNetworkError', reason: 'timeout' })
  })

  test('an API error is a typed GeminiApiError; requests without the tool go to the SDK untouched', async () => {
    const { session, client, executor } = await setup('interactions-primes', { retry: { maxRetries: 0 } })
    const refused = client.interactions.create({ model: 'not-gemini', input: 'Hi.', tools: [{ type: 'code_execution' }] })
    await expect(refused).rejects.toMatchObject({ name: 'GeminiApiError', status: 404, code: 'NOT_FOUND' })
    const untouched = await client.interactions.create({ model: MODEL, input: 'Hi.' })
    expect(types(untouched.steps)).toEqual(['thought', 'function_call'])
    expect(executor.runs).toHaveLength(0)
    expect((await session.requests()).at(-1)!.body).toEqual({ model: MODEL, input: 'Hi.' })
  })

  test("the app's own functions go to functionHandlers; unknown functions and bad code calls are answered as errors", async () => {
    const { session, client, executor } = await setup('interactions-app-tools', {
      functionHandlers: { get_temperature: ({ city }) => ({ city, celsius: 21.5 }) },
    })
    const weather = { type: 'function' as const, name: 'get_temperature', description: 'Current temperature', parameters: { type: 'object', properties: { city: { type: 'string' } } } }
    const interaction = await client.interactions.create({ model: MODEL, input: 'How warm is it in Paris, in °F?', tools: [{ type: 'code_execution' }, weather] })
    expect(executor.runs).toEqual(['print(21.5 * 9 / 5 + 32)\n'])
    expect(types(interaction.steps)).toEqual([
      'thought', 'function_call', 'function_result', 'code_execution_call', 'code_execution_result',
      'thought', 'function_call', 'function_result', 'code_execution_call', 'code_execution_result',
      'model_output',
    ])
    expect(interaction.steps[2]).toEqual({ type: 'function_result', call_id: 'app-1', name: 'get_temperature', result: { city: 'Paris', celsius: 21.5 } })
    expect(interaction.steps[9]).toMatchObject({ call_id: 'bad-2', is_error: true, result: expect.stringMatching(/"code" is missing/) })
    const [first, second, third] = await bodies(session)
    expect((first!['tools'] as Json[]).map((tool) => tool['name'])).toEqual(['run_python', 'get_temperature'])
    expect((second!['input'] as Json[]).map((step) => step['call_id'])).toEqual(['app-1', 'app-2'])
    expect((third!['input'] as Json[])[0]).toMatchObject({ call_id: 'bad-1', name: 'open_browser', is_error: true, result: { error: expect.stringMatching(/Unknown function "open_browser"/) } })
  })

  test("a follow-up's new file is numbered after the conversation's earlier ones", async () => {
    const executor = new FileTakingExecutor()
    const { session, client } = await setup('interactions-two-turn', { sandbox: executor })
    const image = (data: string) => ({ type: 'image' as const, data, mime_type: 'image/png' })
    const one = await client.interactions.create({ model: MODEL, input: [image(RED_PIXEL_PNG), { type: 'text', text: 'Set x.' }], tools: [{ type: 'code_execution' }] })
    await client.interactions.create({ model: MODEL, input: [image('AAAA'), { type: 'text', text: 'And this one?' }], previous_interaction_id: one.id, tools: [{ type: 'code_execution' }] })
    expect(executor.puts).toEqual([['input_1.png'], ['input_2.png']])
    const description = String(((await bodies(session))[2]!['tools'] as Json[])[0]!['description'])
    expect(description).toContain('input_1.png')
    expect(description).toContain('input_2.png')
  })

  test('after a reload, a new client numbers a follow-up’s file after the earlier ones the app passes, and puts them all back', async () => {
    const { session, client } = await setup('interactions-two-turn', { sandbox: new FileTakingExecutor() })
    const image = (data: string) => ({ type: 'image' as const, data, mime_type: 'image/png' })
    const one = await client.interactions.create({ model: MODEL, input: [image(RED_PIXEL_PNG), { type: 'text', text: 'Set x.' }], tools: [{ type: 'code_execution' }] })
    // The page reloads: the same key, a new wrapped client and a new sandbox, and the conversation as the app stored it.
    const restored = new FileTakingExecutor()
    const reloaded = withLocalCodeExecution(new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } }), { sandbox: restored })
    const history = [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: RED_PIXEL_PNG } }, { text: 'Set x.' }] }]
    await reloaded.interactions.create(
      { model: MODEL, input: [image('AAAA'), { type: 'text', text: 'And this one?' }], previous_interaction_id: one.id, tools: [{ type: 'code_execution' }] },
      { priorAttachments: findAttachments(history) },
    )
    expect(restored.puts.flat()).toEqual(['input_1.png', 'input_2.png'])
    expect(new TextDecoder('latin1').decode(restored.files.get('input_1.png')!.subarray(1, 4))).toBe('PNG')
    const description = String(((await bodies(session))[2]!['tools'] as Json[])[0]!['description'])
    expect(description).toMatch(/input_1\.png[\s\S]*input_2\.png/)
  })

  test('interactions.get shows the stored steps of the local tool as code steps', async () => {
    const { client } = await setup('interactions-primes')
    const interaction = await client.interactions.create({ model: MODEL, input: PRIMES_PROMPT, tools: [{ type: 'code_execution' }] })
    const stored = (await client.interactions.get('interaction-1')) as { steps: Step[] }
    expect(types(stored.steps)).toEqual(['thought', 'code_execution_call'])
    expect(stored.steps[1]).toEqual(interaction.steps[1])
  })

  test('background interactions are refused before any request: the code must run while the call is open', async () => {
    const { session, client } = await setup('interactions-primes')
    await expect(client.interactions.create({ model: MODEL, input: 'Hi.', tools: [{ type: 'code_execution' }], background: true })).rejects.toThrow(/background/)
    expect(await session.requests()).toHaveLength(0)
  })
})
