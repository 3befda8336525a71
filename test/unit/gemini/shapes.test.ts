/** Wire ↔ built-in conversions. */
import type { Content } from '@google/genai'
import { describe, expect, test } from 'vitest'
import { SKIP_THOUGHT_SIGNATURE, builtInToWire, wireToBuiltIn } from '../../../src/gemini/history.ts'
import { functionResponseParts, prepareTools, supportsMultimodalFunctionResponses } from '../../../src/gemini/shapes.ts'
import type { ToolCallResult } from '../../../src/gemini/tool.ts'

const image = { mimeType: 'image/png', data: 'AAAA' }
const run = (id: string | undefined, output: string, images = [] as Array<typeof image>): ToolCallResult => ({
  call: { ...(id ? { id } : {}), name: 'run_python', args: { code: 'x' } },
  response: { outcome: 'OUTCOME_OK', output },
  images,
  run: { code: 'x', result: { outcome: 'OUTCOME_OK', output, stdout: output, stderr: '', images, files: [], durationMs: 1, truncated: false } },
  failed: false,
})

describe('model families', () => {
  test('Gemini 3 and later accept images in function responses; 2.x, 1.x and unknown aliases do not', () => {
    expect(['gemini-3-flash-preview', 'models/gemini-3.1-pro', 'gemini-4-flash'].map(supportsMultimodalFunctionResponses)).toEqual([true, true, true])
    expect(['gemini-2.5-flash', 'gemini-1.5-pro', 'gemini-flash-latest'].map(supportsMultimodalFunctionResponses)).toEqual([false, false, false])
  })
})

describe('function responses', () => {
  test('on Gemini 3 images are nested in functionResponse.parts, one response part per call', () => {
    const parts = functionResponseParts({ results: [run('a', '1', [image]), run('b', '2')], multimodal: true })
    expect(parts).toEqual([
      { functionResponse: { id: 'a', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '1' }, parts: [{ inlineData: image }] } },
      { functionResponse: { id: 'b', name: 'run_python', response: { outcome: 'OUTCOME_OK', output: '2' } } },
    ])
  })

  test('on older models images follow all the responses as inlineData parts', () => {
    const parts = functionResponseParts({ results: [run(undefined, '1', [image]), run(undefined, '2')], multimodal: false })
    expect(parts.map((part) => Object.keys(part)[0])).toEqual(['functionResponse', 'functionResponse', 'inlineData'])
  })
})

describe('tools', () => {
  test('both spellings of the built-in tool become one declarations entry with the app functions', () => {
    const tools = prepareTools([{ googleSearch: {} }, { code_execution: {} } as never, { functionDeclarations: [{ name: 'lookup' }] }], { name: 'run_python' })
    expect(tools).toEqual([{ googleSearch: {} }, { functionDeclarations: [{ name: 'run_python' }, { name: 'lookup' }] }])
  })

  test('an app function named like the code function is refused with a clear error', () => {
    expect(() => prepareTools([{ codeExecution: {} }, { functionDeclarations: [{ name: 'run_python' }] }], { name: 'run_python' })).toThrow(/functionName/)
  })
})

describe('history', () => {
  const builtIn: Content = {
    role: 'model',
    parts: [
      { text: 'Running two things.' },
      { executableCode: { language: 'PYTHON' as never, code: 'a', id: 'c1' }, thoughtSignature: 'U0lHMQ==' },
      { codeExecutionResult: { outcome: 'OUTCOME_OK' as never, output: 'A', id: 'c1' } },
      { inlineData: image },
      { executableCode: { language: 'PYTHON' as never, code: 'b', id: 'c2' } },
      { codeExecutionResult: { outcome: 'OUTCOME_FAILED' as never, output: 'B', id: 'c2' } },
      { executableCode: { language: 'PYTHON' as never, code: 'c', id: 'c3' }, thoughtSignature: 'U0lHMg==' },
      { codeExecutionResult: { outcome: 'OUTCOME_OK' as never, output: 'C', id: 'c3' } },
      { text: 'Done.' },
    ],
  }

  test('built-in parts become call and response turns: unsigned code after a result is a parallel call, signed code a new step', () => {
    const wire = builtInToWire([{ role: 'user', parts: [{ text: 'go' }] }, builtIn], { functionName: 'run_python', multimodal: true })
    expect(wire).toEqual([
      { role: 'user', parts: [{ text: 'go' }] },
      {
        role: 'model',
        parts: [
          { text: 'Running two things.' },
          { functionCall: { name: 'run_python', args: { code: 'a' }, id: 'c1' }, thoughtSignature: 'U0lHMQ==' },
          { functionCall: { name: 'run_python', args: { code: 'b' }, id: 'c2' } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'run_python', id: 'c1', response: { outcome: 'OUTCOME_OK', output: 'A' }, parts: [{ inlineData: image }] } },
          { functionResponse: { name: 'run_python', id: 'c2', response: { outcome: 'OUTCOME_FAILED', output: 'B' } } },
        ],
      },
      { role: 'model', parts: [{ functionCall: { name: 'run_python', args: { code: 'c' }, id: 'c3' }, thoughtSignature: 'U0lHMg==' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'run_python', id: 'c3', response: { outcome: 'OUTCOME_OK', output: 'C' } } }] },
      { role: 'model', parts: [{ text: 'Done.' }] },
    ])
  })

  test('a step without any real signature gets the documented placeholder on its first call', () => {
    const wire = builtInToWire(
      [{ role: 'model', parts: [{ executableCode: { code: 'a' } }, { codeExecutionResult: { outcome: 'OUTCOME_OK' as never, output: '' } }] }],
      { functionName: 'run_python', multimodal: false },
    )
    expect(wire[0]!.parts![0]!.thoughtSignature).toBe(SKIP_THOUGHT_SIGNATURE)
  })

  test('converting to the wire and back gives the built-in shape again', () => {
    const user: Content = { role: 'user', parts: [{ text: 'go' }] }
    const wire = builtInToWire([user, builtIn], { functionName: 'run_python', multimodal: true })
    expect(wireToBuiltIn(wire, { functionName: 'run_python' })).toEqual([user, builtIn])
  })
})
