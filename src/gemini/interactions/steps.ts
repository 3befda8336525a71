/**
 * Conversions between the Interactions wire steps (`function_call` /
 * `function_result` of the local tool) and the built-in shape the app sees
 * (`code_execution_call` / `code_execution_result`). Pure.
 *
 * Model steps are passed on as received, never rebuilt: a thought step's
 * `signature` must come back exactly as it was issued.
 */
import type { FunctionDeclaration } from '@google/genai'
import type { RunImage } from '../../protocol.ts'
import type { ToolCall, ToolCallResult } from '../calls.ts'
import { isRecord, type CodeExecutionCallStep, type CodeExecutionResultStep, type Content, type FunctionCallStep, type FunctionResultStep, type FunctionTool, type Step, type Tool } from './wire.ts'

export function isCodeExecutionTool(tool: unknown): boolean {
  return isRecord(tool) && tool['type'] === 'code_execution'
}

export function hasCodeExecutionTool(tools: readonly unknown[] | undefined): boolean {
  return (tools ?? []).some(isCodeExecutionTool)
}

/** A generateContent `Schema` (types in capitals) as the JSON Schema the Interactions API takes. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema)
  if (!isRecord(schema)) return schema
  const converted: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' && typeof value === 'string') converted[key] = value.toLowerCase()
    else if (key === 'properties' && isRecord(value)) converted[key] = Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, toJsonSchema(inner)]))
    else if (key === 'items' || key === 'anyOf') converted[key] = toJsonSchema(value)
    else converted[key] = value
  }
  return converted
}

/** The local tool's declaration as an Interactions function tool. */
export function functionTool(declaration: FunctionDeclaration): FunctionTool {
  return { type: 'function', name: declaration.name, description: declaration.description, parameters: toJsonSchema(declaration.parameters) }
}

/** The request's tools with `{ type: 'code_execution' }` replaced by the local function; every other tool kept in place. */
export function prepareTools(tools: readonly Tool[], local: FunctionTool): Tool[] {
  if (tools.some((tool) => tool.type === 'function' && tool.name === local.name)) {
    throw new Error(
      `The app declares a function named "${String(local.name)}", which is the local code-execution function. Choose another name, or set the \`functionName\` option.`,
    )
  }
  const prepared: Tool[] = []
  for (const tool of tools) {
    if (!isCodeExecutionTool(tool)) prepared.push(tool)
    else if (!prepared.includes(local)) prepared.push(local)
  }
  return prepared
}

export function callsOf(steps: readonly Step[]): ToolCall[] {
  return steps.filter((step): step is FunctionCallStep => step.type === 'function_call').map((step) => ({ id: step.id, name: step.name, args: step.arguments }))
}

function describeImages(images: readonly RunImage[]): string {
  const kinds = images.map((image, index) => `image ${index + 1} (${image.mimeType})`).join(', ')
  return `The run produced ${images.length} image(s): ${kinds}. They are shown to the user; this model cannot receive them.`
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

/** The tool's note on images says they are attached; here that depends on where the text goes. */
const IMAGES_NOTE = /\s*The run produced \d+ image\(s\), attached\./

/**
 * What a run of the local tool printed, then any notes, as text: for the
 * model (`function_result`) or for the app (`code_execution_result`, whose
 * images follow as their own step). A run stopped at the deadline always
 * names the limit, even when the executor's own output does not.
 */
export function resultText(result: ToolCallResult, options: { audience: 'model' | 'app'; imagesAttached: boolean; timeoutMs?: number }): string {
  const { response, images } = result
  if (!result.run) return typeof response['error'] === 'string' ? response['error'] : JSON.stringify(response)
  const lines = [String(response['output'] ?? '')]
  if (result.run.result.outcome === 'OUTCOME_DEADLINE_EXCEEDED' && !lines[0]!.includes('time limit') && options.timeoutMs !== undefined) {
    lines.push(`Execution exceeded the time limit of ${formatSeconds(options.timeoutMs)} and was stopped.`)
  }
  if (typeof response['note'] === 'string') lines.push(response['note'].replace(IMAGES_NOTE, '').trim())
  if (options.audience === 'model' && images.length > 0) {
    lines.push(options.imagesAttached ? `The run produced ${images.length} image(s), attached.` : describeImages(images))
  }
  // The output usually ends its last line itself.
  return lines.filter((line) => line !== '').reduce((text, line) => (text === '' ? line : text.endsWith('\n') ? text + line : `${text}\n${line}`), '')
}

/** Whether a result counts as an error for the model: the run failed or was stopped, or the call could not run. */
export function isErrorResult(result: ToolCallResult): boolean {
  if (result.run) return result.run.result.outcome !== 'OUTCOME_OK'
  return typeof result.response['error'] === 'string'
}

/**
 * The `function_result` step answering one call. The local tool's answer is
 * text (with its images as image content where the model takes them); an app
 * function's answer is its JSON value.
 */
export function functionResultStep(result: ToolCallResult, params: { functionName: string; multimodal: boolean; timeoutMs?: number }): FunctionResultStep {
  const { call } = result
  const step: FunctionResultStep = { type: 'function_result', call_id: call.id ?? '', name: call.name, result: '' }
  if (call.name !== params.functionName) {
    step.result = result.response
    if (typeof result.response['error'] === 'string') step.is_error = true
    return step
  }
  const attach = params.multimodal && result.images.length > 0
  const text = resultText(result, { audience: 'model', imagesAttached: attach, timeoutMs: params.timeoutMs })
  step.result = attach
    ? [{ type: 'text', text }, ...result.images.map((image): Content => ({ type: 'image', data: image.data, mime_type: image.mimeType }))]
    : text
  if (isErrorResult(result)) step.is_error = true
  return step
}

/** The built-in step standing for one call of the local tool, shown as its run starts. */
export function codeExecutionCallStep(call: ToolCall): CodeExecutionCallStep {
  const args = isRecord(call.args) ? call.args : {}
  const code = typeof args['code'] === 'string' ? args['code'] : ''
  return { type: 'code_execution_call', id: call.id ?? '', arguments: { code, language: 'python' } }
}

/** The built-in steps of a call's outcome: its result, then its images as model output. */
export function codeExecutionResultSteps(result: ToolCallResult, params: { timeoutMs?: number } = {}): Step[] {
  const resultStep: CodeExecutionResultStep = { type: 'code_execution_result', call_id: result.call.id ?? '', result: resultText(result, { audience: 'app', imagesAttached: false, timeoutMs: params.timeoutMs }) }
  if (isErrorResult(result)) resultStep.is_error = true
  const steps: Step[] = [resultStep]
  if (result.images.length > 0) {
    steps.push({ type: 'model_output', content: result.images.map((image): Content => ({ type: 'image', data: image.data, mime_type: image.mimeType })) })
  }
  return steps
}

function resultContentText(result: FunctionResultStep['result']): { text: string; images: Content[] } {
  if (typeof result === 'string') return { text: result, images: [] }
  if (!Array.isArray(result)) return { text: JSON.stringify(result), images: [] }
  const text = result.map((content) => (content.type === 'text' ? content.text : '')).join('')
  return { text, images: result.filter((content) => content.type === 'image') }
}

/**
 * Steps as the API stored them (an `interactions.get`), in the built-in
 * shape: the local tool's calls and results become code steps; everything
 * else is kept as it is.
 */
export function builtInView(steps: readonly Step[], functionName: string): Step[] {
  const ours = new Set(steps.filter((step) => step.type === 'function_call' && step.name === functionName).map((step) => (step as FunctionCallStep).id))
  const view: Step[] = []
  for (const step of steps) {
    if (step.type === 'function_call' && step.name === functionName) {
      const code = typeof step.arguments['code'] === 'string' ? step.arguments['code'] : ''
      view.push({ type: 'code_execution_call', id: step.id, arguments: { code, language: 'python' } })
    } else if (step.type === 'function_result' && (step.name === functionName || ours.has(step.call_id))) {
      const { text, images } = resultContentText(step.result)
      view.push({ type: 'code_execution_result', call_id: step.call_id, result: text, ...(step.is_error ? { is_error: true } : {}) })
      if (images.length > 0) view.push({ type: 'model_output', content: images })
    } else {
      view.push(step)
    }
  }
  return view
}
