/**
 * Pure conversions between the Live API's messages and what the app sees.
 *
 * On the wire the model calls the local function in `toolCall` messages; the
 * app, written for the built-in tool, expects `serverContent.modelTurn.parts`
 * with `executableCode` and `codeExecutionResult`. Calls to the app's own
 * functions (and their cancellations) reach it unchanged.
 */
import { LiveServerMessage, type FunctionCall, type FunctionResponse, type Part } from '@google/genai'
import type { ToolCall, ToolCallResult } from '../calls.ts'
import { functionResponseParts } from '../shapes.ts'

/** A `toolCall`'s calls: those the local tool answers, and the app's own. */
export function splitToolCall(calls: readonly FunctionCall[] | undefined, isLocal: (name: string) => boolean): { local: ToolCall[]; app: FunctionCall[] } {
  const local: ToolCall[] = []
  const app: FunctionCall[] = []
  for (const call of calls ?? []) {
    if (call.name !== undefined && isLocal(call.name)) local.push({ ...(call.id !== undefined ? { id: call.id } : {}), name: call.name, args: call.args })
    else app.push(call)
  }
  return { local, app }
}

function messageWith(fields: Partial<LiveServerMessage>): LiveServerMessage {
  return Object.assign(new LiveServerMessage(), fields)
}

/**
 * The message as the app should see it: `toolCall` and `toolCallCancellation`
 * keep only what concerns the app's own functions, and disappear when nothing
 * is left. Everything else passes untouched (the same object).
 */
export function messageForApp(message: LiveServerMessage, params: { isLocal: (name: string) => boolean; localIds: ReadonlySet<string> }): LiveServerMessage | undefined {
  const { toolCall, toolCallCancellation, ...rest } = message
  if (!toolCall && !toolCallCancellation) return message
  const fields: Partial<LiveServerMessage> = { ...rest }
  if (toolCall) {
    const { app } = splitToolCall(toolCall.functionCalls, params.isLocal)
    if (app.length > 0) fields.toolCall = { ...toolCall, functionCalls: app }
  }
  if (toolCallCancellation) {
    const ids = (toolCallCancellation.ids ?? []).filter((id) => !params.localIds.has(id))
    if (ids.length > 0) fields.toolCallCancellation = { ...toolCallCancellation, ids }
  }
  return Object.keys(fields).length > 0 ? messageWith(fields) : undefined
}

/** A `serverContent` message carrying model parts, as the built-in tool sends its code and results. */
export function builtInMessage(parts: Part[]): LiveServerMessage {
  return messageWith({ serverContent: { modelTurn: { role: 'model', parts } } })
}

/**
 * The `functionResponses` of one `toolResponse`, ids matched, in call order.
 * Where images cannot ride inside the function response (models before
 * Gemini 3), the Live API has no other place for them mid-turn: the app
 * still shows them, and the model is told it did not get them.
 */
export function liveFunctionResponses(results: readonly ToolCallResult[], multimodal: boolean): FunctionResponse[] {
  const adjusted = results.map((result) => {
    if (multimodal || result.images.length === 0) return result
    const note = `The run produced ${result.images.length} image(s); they are shown to the user, but this model cannot receive images in a function response.`
    const previous = typeof result.response['note'] === 'string' ? result.response['note'].replace(/The run produced \d+ image\(s\), attached\./, '').trim() : ''
    return { ...result, images: [], response: { ...result.response, note: previous ? `${previous} ${note}` : note } }
  })
  return functionResponseParts({ results: adjusted, multimodal }).flatMap((part) => (part.functionResponse ? [part.functionResponse] : []))
}
