/**
 * `withLocalCodeExecution(ai).interactions` end to end in Chromium: the real
 * `@google/genai` client, 3.x and 2.32, talks to the strict local server's Interactions API,
 * and the scripted model's code runs in one real `PythonSandbox`. Only what
 * needs real Python is here; the loop's rules over the Interactions API are
 * unit-tested in Node (test/unit/gemini/interactions.test.ts).
 */
import type { Interactions } from '@google/genai'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { GeminiAbortError, withLocalCodeExecution, type CodeExecutionEvent, type LocalCodeExecutionOptions } from '../../../src/gemini/index.ts'
import { PythonSandbox } from '../../../src/sandbox/index.ts'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { decodeImage, encodePng, toBase64, type Rgb } from './png.ts'
import { SDKS, type Sdk } from './sdks.ts'

type Json = Record<string, unknown>
const BASE_URL = `${location.origin}/gemini-api`
const MODEL = 'gemini-3.5-flash'
const tools = [{ type: 'code_execution' as const }]
// Nothing here depends on cross-origin isolation (the sandbox's own tests cover both modes),
// so these cases run once, in the isolated project, to keep the suite's time down.
const isolated = inject('crossOriginIsolated')

let sandbox: PythonSandbox
beforeAll(async () => {
  if (isolated) await (sandbox = new PythonSandbox()).ready()
})
afterAll(() => sandbox?.dispose())

async function setup(sdk: Sdk, script: string, options: Partial<LocalCodeExecutionOptions> = {}) {
  const session = await startSession(BASE_URL, script)
  const ai = sdk.client(session)
  const events: CodeExecutionEvent[] = []
  const client = withLocalCodeExecution(ai, { sandbox, retry: { initialDelayMs: 1 }, onEvent: (event) => events.push(event), ...options })
  return { session, client, events }
}

async function bodies(session: TestSession): Promise<Json[]> {
  return (await session.requests()).map((request) => {
    expect(request.status, request.error).toBe(200)
    return request.body
  })
}

const resultOf = (steps: readonly Interactions.Step[]) => steps.find((step): step is Interactions.CodeExecutionResultStep => step.type === 'code_execution_result')

describe.skipIf(!isolated).each(SDKS)('the Interactions API with the real sandbox and $name (isolated project only: nothing here concerns isolation)', (sdk) => {
  test('the documented primes sample runs unchanged and 5117 comes from Python', async () => {
    const { session, client: wrapped } = await setup(sdk, 'interactions-primes')
    const logged: string[] = []
    const console = { log: (line: unknown) => logged.push(String(line)) }

    // The documented sample, as is, with only the client wrapped.
    const client = wrapped
    const interaction = await client.interactions.create({
      model: 'gemini-3.5-flash',
      input: 'What is the sum of the first 50 prime numbers? Generate and run code for the calculation, and make sure you get all 50.',
      tools: [{ type: 'code_execution' }],
    })
    for (const step of interaction.steps) {
      if (step.type === 'model_output') { for (const c of step.content ?? []) if (c.type === 'text') console.log(c.text) }
      else if (step.type === 'code_execution_call') console.log(step.arguments.code)
      else if (step.type === 'code_execution_result') console.log(step.result)
    }

    expect(logged).toEqual([expect.stringContaining('sum(primes)'), '50 5117\n', 'The sum of the first 50 prime numbers is 5117.'])
    expect(interaction.steps.some((step) => step.type === 'function_call' || step.type === 'function_result')).toBe(false)
    expect(((await bodies(session))[1]!['input'] as Json[])[0]).toEqual({ type: 'function_result', call_id: 'call-primes-1', name: 'run_python', result: '50 5117\n' })
    // The client under test made the requests, on its own default API version.
    expect((await session.requests()).map((request) => request.apiVersion)).toEqual([sdk.apiVersion, sdk.apiVersion])
  })

  test('streamed, the code and its result are emitted as the run happens', async () => {
    const { client, events } = await setup(sdk, 'interactions-primes')
    const stream = await client.interactions.create({ model: MODEL, input: 'Sum the first 50 primes.', tools, stream: true })
    const seen: string[] = []
    for await (const event of stream) {
      if (event.event_type === 'step.start') seen.push(event.step.type)
      if (event.event_type === 'step.start' && event.step.type === 'code_execution_result') {
        expect(event.step.result).toBe('50 5117\n')
        expect(events.at(-1)).toMatchObject({ type: 'run-end', result: { outcome: 'OUTCOME_OK' } })
      }
    }
    expect(seen).toEqual(['thought', 'code_execution_call', 'code_execution_result', 'thought', 'model_output'])
  })

  test('the image variant: the image goes to the model as sent and into the sandbox as input_1.png', async () => {
    const RED: Rgb = [200, 0, 0]
    const GREEN: Rgb = [0, 200, 0]
    const BLUE: Rgb = [0, 0, 200]
    const WHITE: Rgb = [255, 255, 255]
    const photo = toBase64(await encodePng(8, 8, (x, y) => (y < 4 ? (x < 4 ? RED : GREEN) : x < 4 ? BLUE : WHITE)))
    const { session, client } = await setup(sdk, 'interactions-image')
    const input: Interactions.Content[] = [{ type: 'image', data: photo, mime_type: 'image/png' }, { type: 'text', text: 'Zoom into the top-right corner: what colour is it?' }]
    const interaction = await client.interactions.create({ model: MODEL, input: structuredClone(input), tools })

    expect(resultOf(interaction.steps)!.result).toBe('input_1.png: 8 x 8\ncrop: 12 x 12 first pixel (0, 200, 0)\n')
    const shown = interaction.steps.find((step) => step.type === 'model_output' && step.content?.[0]?.type === 'image') as Interactions.ModelOutputStep
    const crop = shown.content![0] as Interactions.ImageContent
    expect(await decodeImage({ mimeType: crop.mime_type!, data: crop.data! }, { x: 11, y: 11 })).toEqual({ width: 12, height: 12, pixel: GREEN })
    const [first, second] = await bodies(session)
    expect(first!['input']).toEqual(input)
    const answer = (second!['input'] as Json[])[0]!['result'] as Json[]
    expect(answer).toEqual([
      { type: 'text', text: 'input_1.png: 8 x 8\ncrop: 12 x 12 first pixel (0, 200, 0)\nThe run produced 1 image(s), attached.' },
      { type: 'image', data: crop.data, mime_type: 'image/png' },
    ])
  })

  test('two turns over previous_interaction_id: the second run sees the first run’s variable', async () => {
    const { session, client } = await setup(sdk, 'interactions-two-turn')
    const one = await client.interactions.create({ model: MODEL, input: 'Set x to 21.', tools })
    const two = await client.interactions.create({ model: MODEL, input: 'Now double x.', previous_interaction_id: one.id, tools })
    expect(resultOf(one.steps)!.result).toBe('21\n')
    expect(resultOf(two.steps)!.result).toBe('42\n')
    expect(one.id).toBe('interaction-2')
    expect((await bodies(session)).map((body) => body['previous_interaction_id'])).toEqual([undefined, 'interaction-1', 'interaction-2', 'interaction-3'])
  })

  test('two turns with store: false: the history goes back byte for byte and Python keeps x', async () => {
    const { session, client } = await setup(sdk, 'interactions-two-turn')
    const question: Interactions.Step = { type: 'user_input', content: [{ type: 'text', text: 'Set x to 21.' }] }
    const one = await client.interactions.create({ model: MODEL, input: [question], tools, store: false })
    const again: Interactions.Step = { type: 'user_input', content: [{ type: 'text', text: 'Now double x.' }] }
    const two = await client.interactions.create({ model: MODEL, input: [question, ...one.steps, again], tools, store: false })
    expect(resultOf(two.steps)!.result).toBe('42\n')
    const [, firstAnswer, followUp] = await bodies(session)
    // The second message resends what the first call sent last, then the answer and the new question.
    expect((followUp!['input'] as Json[]).slice(0, 4)).toEqual(firstAnswer!['input'])
  })

  test('failing code is regenerated five times with the real traceback, then the model must answer in text', async () => {
    const { session, client } = await setup(sdk, 'interactions-regenerations')
    const interaction = await client.interactions.create({ model: MODEL, input: 'Divide by zero.', tools })
    const results = interaction.steps.filter((step): step is Interactions.CodeExecutionResultStep => step.type === 'code_execution_result')
    expect(results).toHaveLength(6)
    expect(results.map((step) => step.is_error)).toEqual(Array(6).fill(true))
    expect(results.map((step) => step.result)).toEqual(Array(6).fill(expect.stringContaining('ZeroDivisionError: division by zero')))
    const sent = await bodies(session)
    expect(sent.map((body) => (body['generation_config'] as Json | undefined)?.['tool_choice'])).toEqual([...Array(6).fill(undefined), 'none'])
  })

  test('a run past the deadline is an error result naming the limit, and the sandbox stays usable', async () => {
    const { session, client } = await setup(sdk, 'interactions-deadline', { timeoutMs: 1_000 })
    const interaction = await client.interactions.create({ model: MODEL, input: 'Loop forever.', tools })
    expect(resultOf(interaction.steps)).toMatchObject({ is_error: true, result: expect.stringContaining('time limit of 1 s') })
    const answer = ((await bodies(session))[1]!['input'] as Json[])[0]!
    expect(answer).toMatchObject({ call_id: 'deadline-1', is_error: true, result: expect.stringContaining('starting') })
    expect((await sandbox.run('print(6 * 7)')).output).toBe('42\n')
  })

  test('abort stops the running Python and rejects with GeminiAbortError', async () => {
    const { client } = await setup(sdk, 'interactions-abort')
    const controller = new AbortController()
    let started!: () => void
    const running = new Promise<void>((resolve) => (started = resolve))
    const call = client.interactions.create({ model: MODEL, input: 'Loop forever.', tools }, {
      signal: controller.signal,
      onEvent: (event) => event.type === 'output' && started(),
    })
    await running
    controller.abort()
    const error = await call.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(GeminiAbortError)
    expect(resultOf((error as GeminiAbortError).steps!)!.result).toMatch(/cancelled this run/)
    expect((await sandbox.run('print("still here")')).output).toBe('still here\n')
  })
})
