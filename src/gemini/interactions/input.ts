/**
 * The app's `input`, read by the broker: as a list of steps (for a stateless
 * history), with the built-in code-execution steps turned back into the
 * function calls and results the API actually saw, and its inline files found
 * for the sandbox. Pure, but for reading the conversation memory.
 */
import { extensionFor, type Attachment } from '../attachments.ts'
import type { ConversationMemory } from './memory.ts'
import { isRecord, type CreateParams, type Step } from './wire.ts'

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'document', 'video'])

function isContent(value: unknown): boolean {
  return isRecord(value) && typeof value['type'] === 'string' && CONTENT_TYPES.has(value['type'])
}

/** Any form of `input` (text, one content block, content blocks, steps) as steps. */
export function inputToSteps(input: CreateParams['input']): Step[] {
  if (input === undefined) return []
  if (typeof input === 'string') return [{ type: 'user_input', content: [{ type: 'text', text: input }] }]
  if (!Array.isArray(input)) return [{ type: 'user_input', content: [input] }]
  if (input.length > 0 && input.every(isContent)) return [{ type: 'user_input', content: input as never }]
  return input as Step[]
}

function hasBuiltInSteps(input: CreateParams['input']): boolean {
  return Array.isArray(input) && input.some((item) => isRecord(item) && (item['type'] === 'code_execution_call' || item['type'] === 'code_execution_result'))
}

/** A `model_output` step of images only, right after a code result: the run's images, which the model never sent. */
function isRunImages(step: Step, previous: Step | undefined): boolean {
  return (
    step.type === 'model_output' &&
    previous?.type === 'code_execution_result' &&
    (step.content ?? []).length > 0 &&
    (step.content ?? []).every((content) => content.type === 'image')
  )
}

/**
 * Steps as the API must see them again: each `code_execution_call` /
 * `code_execution_result` this broker returned becomes the `function_call` /
 * `function_result` it stands for (exactly as sent, when remembered), and the
 * run's images (shown to the app as model output) are left out.
 */
export function toWireSteps(steps: readonly Step[], params: { memory: ConversationMemory; functionName: string }): Step[] {
  const wire: Step[] = []
  steps.forEach((step, index) => {
    if (isRunImages(step, steps[index - 1])) return
    if (step.type === 'code_execution_call') {
      const remembered = params.memory.callFor(step.id)
      wire.push(remembered?.call ?? { type: 'function_call', id: step.id, name: params.functionName, arguments: { code: step.arguments.code ?? '' } })
      return
    }
    if (step.type === 'code_execution_result') {
      const remembered = params.memory.callFor(step.call_id)
      const rebuilt: Step = { type: 'function_result', call_id: step.call_id, name: params.functionName, result: step.result }
      if (step.is_error) rebuilt.is_error = true
      wire.push(remembered?.result ?? rebuilt)
      return
    }
    wire.push(step)
  })
  return wire
}

/** The input to send: unchanged unless it holds built-in steps, which go back to their wire form. */
export function wireInput(input: CreateParams['input'], params: { memory: ConversationMemory; functionName: string }): CreateParams['input'] {
  return hasBuiltInSteps(input) ? toWireSteps(inputToSteps(input), params) : input
}

/**
 * Every distinct inline file in the user's input steps, numbered after the
 * conversation's earlier attachments (`prior`), in order of first appearance.
 */
export function findInputAttachments(steps: readonly Step[], prior: readonly Attachment[] = []): Attachment[] {
  const attachments = [...prior]
  const byData = new Map(prior.map((attachment) => [attachment.data, attachment]))
  let message = Math.max(0, ...prior.map((attachment) => attachment.message))
  for (const step of steps) {
    if (step.type !== 'user_input') continue
    message++
    for (const content of step.content ?? []) {
      if (content.type === 'text' || typeof content.data !== 'string' || content.data === '' || byData.has(content.data)) continue
      const mimeType = content.mime_type ?? 'application/octet-stream'
      const attachment: Attachment = { name: `input_${attachments.length + 1}.${extensionFor(mimeType)}`, mimeType, data: content.data, message }
      attachments.push(attachment)
      byData.set(content.data, attachment)
    }
  }
  return attachments
}
