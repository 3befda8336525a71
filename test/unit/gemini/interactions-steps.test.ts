/** The Interactions adapter's pure parts: tools, wire ↔ built-in steps, input, attachments, stream deltas. */
import { Type, type Interactions } from '@google/genai'
import { describe, expect, test } from 'vitest'
import type { ToolCallResult } from '../../../src/gemini/calls.ts'
import { findInputAttachments, inputToSteps, toWireSteps, wireInput } from '../../../src/gemini/interactions/input.ts'
import { ConversationMemory } from '../../../src/gemini/interactions/memory.ts'
import { addUsage, applyDelta, streamRound } from '../../../src/gemini/interactions/round.ts'
import { StepWriter } from '../../../src/gemini/interactions/step-writer.ts'
import { resolveRetryOptions } from '../../../src/gemini/retry.ts'
import { builtInView, codeExecutionCallStep, codeExecutionResultSteps, functionResultStep, functionTool, prepareTools, toJsonSchema } from '../../../src/gemini/interactions/steps.ts'
import type { RunResult } from '../../../src/protocol.ts'
import { RED_PIXEL_PNG } from './fake-executor.ts'

type Step = Interactions.Step
const local = functionTool({ name: 'run_python', description: 'Runs Python.', parameters: { type: Type.OBJECT, properties: { code: { type: Type.STRING } }, required: ['code'] } })

function ran(output: string, extra: Partial<RunResult> = {}, images: ToolCallResult['images'] = []): ToolCallResult {
  const result: RunResult = { outcome: 'OUTCOME_OK', output, stdout: output, stderr: '', images, files: [], durationMs: 1, truncated: false, ...extra }
  const response: Record<string, unknown> = { outcome: result.outcome, output }
  if (images.length > 0) response['note'] = `The run produced ${images.length} image(s), attached.`
  return { call: { id: 'c1', name: 'run_python', args: { code: 'print(1)' } }, response, images, run: { code: 'print(1)', result }, failed: result.outcome !== 'OUTCOME_OK' }
}

describe('tools', () => {
  test('the declaration becomes a function tool with a lowercase JSON Schema', () => {
    expect(local).toEqual({ type: 'function', name: 'run_python', description: 'Runs Python.', parameters: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] } })
    expect(toJsonSchema({ type: 'ARRAY', items: { type: 'INTEGER' } })).toEqual({ type: 'array', items: { type: 'integer' } })
  })

  test('code_execution is replaced in place; other tools are kept; a clashing app function is refused', () => {
    const search = { type: 'google_search' } as Interactions.Tool
    const weather = { type: 'function', name: 'get_weather' } as Interactions.Tool
    expect(prepareTools([search, { type: 'code_execution' }, weather], local)).toEqual([search, local, weather])
    expect(() => prepareTools([{ type: 'code_execution' }, { type: 'function', name: 'run_python' }], local)).toThrow(/functionName/)
  })
})

describe('results', () => {
  test('the model reads the output as text, images inside the result on Gemini 3, named in the text before', () => {
    const image = { mimeType: 'image/png', data: RED_PIXEL_PNG }
    const result = ran('drew\n', {}, [image])
    expect(functionResultStep(result, { functionName: 'run_python', multimodal: true })).toEqual({
      type: 'function_result', call_id: 'c1', name: 'run_python',
      result: [{ type: 'text', text: 'drew\nThe run produced 1 image(s), attached.' }, { type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' }],
    })
    expect(functionResultStep(result, { functionName: 'run_python', multimodal: false }).result).toBe(
      'drew\nThe run produced 1 image(s): image 1 (image/png). They are shown to the user; this model cannot receive them.',
    )
  })

  test('a failed or stopped run is an error; a deadline always names the limit', () => {
    const failed = ran('Traceback …\n', { outcome: 'OUTCOME_FAILED' })
    expect(functionResultStep(failed, { functionName: 'run_python', multimodal: true })).toMatchObject({ is_error: true, result: 'Traceback …\n' })
    const late = ran('starting\n', { outcome: 'OUTCOME_DEADLINE_EXCEEDED' })
    expect(functionResultStep(late, { functionName: 'run_python', multimodal: true, timeoutMs: 30_000 }).result).toBe('starting\nExecution exceeded the time limit of 30 s and was stopped.')
  })

  test('the app sees the code, the result without notes meant for the model, then the images', () => {
    const result = ran('drew\n', {}, [{ mimeType: 'image/png', data: RED_PIXEL_PNG }])
    const steps = [codeExecutionCallStep(result.call), ...codeExecutionResultSteps(result)]
    expect(steps).toEqual([
      { type: 'code_execution_call', id: 'c1', arguments: { code: 'print(1)', language: 'python' } },
      { type: 'code_execution_result', call_id: 'c1', result: 'drew\n' },
      { type: 'model_output', content: [{ type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' }] },
    ])
  })

  test("an app function's answer goes back as its JSON value", () => {
    const answer: ToolCallResult = { call: { id: 'a1', name: 'get_weather', args: {} }, response: { celsius: 21 }, images: [], failed: false }
    expect(functionResultStep(answer, { functionName: 'run_python', multimodal: true })).toEqual({ type: 'function_result', call_id: 'a1', name: 'get_weather', result: { celsius: 21 } })
  })
})

describe('history', () => {
  const call: Interactions.FunctionCallStep = { type: 'function_call', id: 'c1', name: 'run_python', arguments: { code: 'print(1)' } }
  const answer: Interactions.FunctionResultStep = { type: 'function_result', call_id: 'c1', name: 'run_python', result: [{ type: 'text', text: '1\n' }] }
  const builtIn: Step[] = [
    { type: 'thought', signature: 'c2ln' },
    { type: 'code_execution_call', id: 'c1', arguments: { code: 'print(1)', language: 'python' } },
    { type: 'code_execution_result', call_id: 'c1', result: '1\n' },
    { type: 'model_output', content: [{ type: 'image', data: RED_PIXEL_PNG, mime_type: 'image/png' }] },
    { type: 'model_output', content: [{ type: 'text', text: 'One.' }] },
  ]

  test('built-in steps go back as the exact wire steps remembered, the run images left out', () => {
    const memory = new ConversationMemory()
    memory.rememberCall(call, answer)
    expect(toWireSteps(builtIn, { memory, functionName: 'run_python' })).toEqual([builtIn[0], call, answer, builtIn[4]])
  })

  test('without memory (another page load) they are rebuilt from the built-in steps', () => {
    const rebuilt = toWireSteps(builtIn, { memory: new ConversationMemory(), functionName: 'run_python' })
    expect(rebuilt[1]).toEqual(call)
    expect(rebuilt[2]).toEqual({ type: 'function_result', call_id: 'c1', name: 'run_python', result: '1\n' })
  })

  test('input without built-in steps is sent unchanged; every input form reads as steps', () => {
    const memory = new ConversationMemory()
    expect(wireInput('hi', { memory, functionName: 'run_python' })).toBe('hi')
    expect(inputToSteps('hi')).toEqual([{ type: 'user_input', content: [{ type: 'text', text: 'hi' }] }])
    expect(inputToSteps([{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }])).toEqual([{ type: 'user_input', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }])
    expect(inputToSteps({ type: 'text', text: 'a' })).toEqual([{ type: 'user_input', content: [{ type: 'text', text: 'a' }] }])
  })

  test('the stored view of an interaction shows the local tool as code steps', () => {
    const stored: Step[] = [{ type: 'thought', signature: 'c2ln' }, call, answer, { type: 'function_call', id: 'w1', name: 'get_weather', arguments: {} }]
    expect(builtInView(stored, 'run_python')).toEqual([
      stored[0],
      { type: 'code_execution_call', id: 'c1', arguments: { code: 'print(1)', language: 'python' } },
      { type: 'code_execution_result', call_id: 'c1', result: '1\n' },
      stored[3],
    ])
  })
})

describe('attachments and streams', () => {
  test('inline files are numbered by first appearance, after the conversation’s earlier ones', () => {
    const steps = inputToSteps([{ type: 'image', data: 'AAAA', mime_type: 'image/png' }, { type: 'document', data: 'BBBB', mime_type: 'application/pdf' }, { type: 'image', data: 'AAAA', mime_type: 'image/png' }])
    const first = findInputAttachments(steps)
    expect(first.map((attachment) => attachment.name)).toEqual(['input_1.png', 'input_2.pdf'])
    const later = findInputAttachments(inputToSteps([{ type: 'image', data: 'CCCC', mime_type: 'image/jpeg' }]), first)
    expect(later.map((attachment) => [attachment.name, attachment.message])).toEqual([['input_1.png', 1], ['input_2.pdf', 1], ['input_3.jpg', 2]])
  })

  test('deltas build the step: text concatenated, signature set, arguments as JSON text', () => {
    const output: Step = { type: 'model_output', content: [] }
    const text = { value: '' }
    applyDelta(output, { type: 'text', text: 'The sum ' }, text)
    applyDelta(output, { type: 'text', text: 'is 5117.' }, text)
    expect(output).toEqual({ type: 'model_output', content: [{ type: 'text', text: 'The sum is 5117.' }] })
    const thought: Step = { type: 'thought' }
    applyDelta(thought, { type: 'thought_signature', signature: 'c2ln' }, text)
    expect(thought).toEqual({ type: 'thought', signature: 'c2ln' })
    const args = { value: '' }
    applyDelta({ type: 'function_call', id: 'c', name: 'run_python', arguments: {} }, { type: 'arguments_delta', arguments: '{"code":' }, args)
    expect(args.value).toBe('{"code":')
  })

  test('usage adds up over requests', () => {
    expect(addUsage({ total_tokens: 10, total_input_tokens: 7 }, { total_tokens: 5, total_output_tokens: 2 })).toEqual({ total_tokens: 15, total_input_tokens: 7, total_output_tokens: 2 })
  })

  test('a stream that continues over two hops (automatic continuation) keeps one step numbering', async () => {
    const hop = (id: string, text: string, status: string): Interactions.InteractionSSEEvent[] => [
      { event_type: 'interaction.created', interaction: { id, status: 'in_progress' } },
      { event_type: 'step.start', index: 0, step: { type: 'model_output', content: [] } },
      { event_type: 'step.delta', index: 0, delta: { type: 'text', text } },
      { event_type: 'step.stop', index: 0 },
      { event_type: 'interaction.completed', interaction: { id, status } },
    ]
    const client = {
      create: async () =>
        (async function* () {
          yield* hop('hop-1', 'First half, ', 'requires_continuation')
          yield* hop('hop-2', 'second half.', 'completed')
        })(),
    }
    const shown: Interactions.InteractionSSEEvent[] = []
    const writer = new StepWriter(() => false, (event) => shown.push(event))
    const round = await streamRound(
      { client, body: { model: 'gemini-3.5-flash', input: 'hi' }, options: undefined, retry: resolveRetryOptions(), signal: new AbortController().signal, onRetry: () => {} },
      writer,
    )
    expect(round.steps).toEqual([
      { type: 'model_output', content: [{ type: 'text', text: 'First half, ' }] },
      { type: 'model_output', content: [{ type: 'text', text: 'second half.' }] },
    ])
    expect(round.interaction).toMatchObject({ id: 'hop-2', status: 'completed' })
    expect(writer.steps).toEqual(round.steps)
    expect(shown.filter((event) => event.event_type === 'step.start').map((event) => (event as Interactions.StepStart).index)).toEqual([0, 1])
    expect(shown.filter((event) => event.event_type === 'interaction.created')).toHaveLength(1)
  })
})
