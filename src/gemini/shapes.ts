/**
 * Conversions between the wire (function calls and responses) and the
 * built-in code-execution shape (`executableCode` / `codeExecutionResult`).
 *
 * Model parts are copied, never rebuilt: a `thoughtSignature` belongs to the
 * exact part it came on, and Gemini 3 rejects a call turn without it.
 */
import { Language, type Content, type FunctionDeclaration, type Outcome, type Part, type Tool } from '@google/genai'
import type { RunImage } from '../protocol.ts'
import type { ToolCall, ToolCallResult } from './calls.ts'

/** Both spellings: the SDK's camelCase and the REST/Python snake_case. */
const CODE_EXECUTION_KEYS = ['codeExecution', 'code_execution'] as const

export function isCodeExecutionTool(tool: unknown): boolean {
  return tool !== null && typeof tool === 'object' && CODE_EXECUTION_KEYS.some((key) => key in tool)
}

export function hasCodeExecutionTool(tools: readonly unknown[] | undefined): boolean {
  return (tools ?? []).some(isCodeExecutionTool)
}

/**
 * Replaces the built-in code-execution tool by our declaration. All function
 * declarations (ours and the app's) go into one tool entry, where the first of
 * them was; every other tool is kept as it is.
 */
export function prepareTools(tools: readonly Tool[], declaration: FunctionDeclaration): Tool[] {
  const declarations: FunctionDeclaration[] = []
  const prepared: Array<Tool | 'declarations'> = []
  for (const tool of tools) {
    if (isCodeExecutionTool(tool) || tool.functionDeclarations) {
      const rest: Record<string, unknown> = { ...tool }
      for (const key of CODE_EXECUTION_KEYS) delete rest[key]
      declarations.push(...(tool.functionDeclarations ?? []))
      delete rest['functionDeclarations']
      if (!prepared.includes('declarations')) prepared.push('declarations')
      if (Object.keys(rest).length > 0) prepared.push(rest as Tool)
    } else {
      prepared.push(tool)
    }
  }
  if (declarations.some((existing) => existing.name === declaration.name)) {
    throw new Error(
      `The app declares a function named "${declaration.name}", which is the local code-execution function. Choose another name, or set the \`functionName\` option.`,
    )
  }
  return prepared.map((entry) => (entry === 'declarations' ? { functionDeclarations: [declaration, ...declarations] } : entry))
}

/**
 * Whether the model accepts images inside `functionResponse.parts`: Gemini 3
 * and later. 1.x/2.x reject the field with 400. Unknown names (aliases like
 * `gemini-flash-latest`) get the shape older models accept.
 */
export function supportsMultimodalFunctionResponses(model: string): boolean {
  const match = /gemini-(\d+)/i.exec(model)
  return match?.[1] !== undefined && Number(match[1]) >= 3
}

export function functionCallsOf(content: Content | undefined): ToolCall[] {
  const calls: ToolCall[] = []
  for (const part of content?.parts ?? []) {
    const call = part.functionCall
    if (!call) continue
    calls.push({ ...(call.id !== undefined ? { id: call.id } : {}), name: call.name ?? '', args: call.args })
  }
  return calls
}

function imagePart(image: RunImage): Part {
  return { inlineData: { mimeType: image.mimeType, data: image.data } }
}

/**
 * The parts of the user turn that answers one model turn: one
 * `functionResponse` per call, in call order, with the call's id and name.
 * Images go inside `functionResponse.parts` (Gemini 3+) or after all the
 * responses as plain `inlineData` parts (older models).
 */
export function functionResponseParts(params: { results: readonly ToolCallResult[]; multimodal: boolean }): Part[] {
  const responses: Part[] = []
  const trailing: Part[] = []
  for (const { call, response, images } of params.results) {
    const functionResponse: NonNullable<Part['functionResponse']> = { name: call.name, response }
    if (call.id !== undefined) functionResponse.id = call.id
    if (images.length > 0 && params.multimodal) {
      functionResponse.parts = images.map((image) => ({ inlineData: { mimeType: image.mimeType, data: image.data } }))
    } else {
      trailing.push(...images.map(imagePart))
    }
    responses.push({ functionResponse })
  }
  return [...responses, ...trailing]
}

/** A text part with nothing in it (no text, no signature) carries nothing worth showing. */
function isEmptyPart(part: Part): boolean {
  return Object.keys(part).length === 0 || (Object.keys(part).length === 1 && part.text === '')
}

/** Parts of a model turn the caller sees: everything except function calls. */
export function visibleParts(parts: readonly Part[] | undefined): Part[] {
  return (parts ?? []).filter((part) => !part.functionCall && !isEmptyPart(part))
}

/** The built-in shape of one code run: the code, its result, then its images. */
export function codeExecutionParts(params: { code: string; callId?: string; thoughtSignature?: string; outcome: string; output: string; images: readonly RunImage[] }): Part[] {
  const id = params.callId !== undefined ? { id: params.callId } : {}
  const codePart: Part = { executableCode: { language: Language.PYTHON, code: params.code, ...id } }
  // The signature stays on the part that stands for the call, so converting
  // back to the wire shape restores it where Gemini expects it.
  if (params.thoughtSignature !== undefined) codePart.thoughtSignature = params.thoughtSignature
  return [
    codePart,
    { codeExecutionResult: { outcome: params.outcome as Outcome, output: params.output, ...id } },
    ...params.images.map(imagePart),
  ]
}

/**
 * The built-in shape of a model turn that made calls, once they are answered:
 * text as it came, each code run as code + result + images, in call order.
 * Calls to app functions and calls that did not run are not shown (the wire
 * history keeps them).
 */
export function builtInPartsForTurn(params: { content: Content; results: readonly ToolCallResult[] }): Part[] {
  const parts: Part[] = []
  let callIndex = 0
  for (const part of params.content.parts ?? []) {
    if (!part.functionCall) {
      if (!isEmptyPart(part)) parts.push(part)
      continue
    }
    const result = params.results[callIndex++]
    if (!result?.run) continue
    parts.push(
      ...codeExecutionParts({
        code: result.run.code,
        callId: result.call.id,
        thoughtSignature: part.thoughtSignature,
        outcome: result.run.result.outcome,
        output: result.run.result.output,
        images: result.images,
      }),
    )
  }
  return parts
}
