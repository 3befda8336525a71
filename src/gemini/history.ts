/**
 * Conversation history in its two shapes.
 *
 * - Wire: what Gemini actually saw. Model turns with `functionCall` parts,
 *   user turns with `functionResponse` parts. Sent back verbatim.
 * - Built-in: what Gemini's server-side code execution returns. One model
 *   content per user message with `executableCode` / `codeExecutionResult`.
 *
 * Apps save the built-in shape (it is what responses contain), so feeding it
 * back as history must work: `builtInToWire` rebuilds the call and response
 * turns. `wireToBuiltIn` goes the other way for display.
 */
import type { Content, ContentListUnion, Part, PartUnion } from '@google/genai'
import type { RunImage } from '../protocol.ts'
import { codeExecutionParts } from './shapes.ts'

/**
 * Gemini's documented placeholder for function calls the model did not
 * produce in this form (history rebuilt from the built-in shape, or written
 * by hand). It tells the API to skip thought-signature validation for that
 * call; a real signature is always preferred and kept when present. See
 * https://ai.google.dev/gemini-api/docs/thought-signatures (FAQ).
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator'

function isContent(value: unknown): value is Content {
  return value !== null && typeof value === 'object' && Array.isArray((value as Content).parts)
}

function toPart(value: PartUnion): Part {
  return typeof value === 'string' ? { text: value } : value
}

/** The SDK's `ContentListUnion` as a `Content[]` (same rules as the SDK's own normalisation). */
export function normalizeContents(contents: ContentListUnion): Content[] {
  const list = Array.isArray(contents) ? contents : [contents]
  if (list.length === 0) throw new Error('contents are required')
  if (list.every(isContent)) return list as Content[]
  if (list.some(isContent)) throw new Error('Mixing Content and Parts is not supported in contents.')
  return [{ role: 'user', parts: (list as PartUnion[]).map(toPart) }]
}

function hasCodeParts(content: Content): boolean {
  return (content.parts ?? []).some((part) => part.executableCode || part.codeExecutionResult)
}

interface PendingCall {
  id: string | undefined
  result?: { outcome: string; output: string }
  images: RunImage[]
}

/** One model step rebuilt from the built-in shape: its parts and the calls in it. */
class StepBuilder {
  modelParts: Part[] = []
  calls: PendingCall[] = []
  answered = false

  flush(params: { out: Content[]; functionName: string; multimodal: boolean }): void {
    if (this.modelParts.length === 0) return
    params.out.push({ role: 'model', parts: this.modelParts })
    if (this.calls.length > 0) {
      const trailing: Part[] = []
      const responses = this.calls.map((call): Part => {
        const functionResponse: NonNullable<Part['functionResponse']> = {
          name: params.functionName,
          response: call.result ?? { error: 'No result was recorded for this call.' },
        }
        if (call.id !== undefined) functionResponse.id = call.id
        const images = call.images.map((image) => ({ inlineData: { mimeType: image.mimeType, data: image.data } }))
        if (images.length > 0 && params.multimodal) functionResponse.parts = images
        else trailing.push(...images)
        return { functionResponse }
      })
      params.out.push({ role: 'user', parts: [...responses, ...trailing] })
    }
    this.modelParts = []
    this.calls = []
    this.answered = false
  }
}

function convertModelContent(content: Content, params: { functionName: string; multimodal: boolean }, out: Content[]): void {
  const step = new StepBuilder()
  const flush = () => step.flush({ out, ...params })
  for (const part of content.parts ?? []) {
    if (part.executableCode) {
      // A code part with its own signature after answered calls is the next
      // sequential step; without one it was a parallel call of the same step
      // (Gemini signs only the first call of a parallel batch).
      if (step.answered && part.thoughtSignature !== undefined) flush()
      const { thoughtSignature, executableCode, ...rest } = part
      const signature = thoughtSignature ?? (step.calls.length === 0 ? SKIP_THOUGHT_SIGNATURE : undefined)
      const functionCall: NonNullable<Part['functionCall']> = { name: params.functionName, args: { code: executableCode.code ?? '' } }
      if (executableCode.id !== undefined) functionCall.id = executableCode.id
      step.modelParts.push({ ...rest, functionCall, ...(signature !== undefined ? { thoughtSignature: signature } : {}) })
      step.calls.push({ id: executableCode.id, images: [] })
    } else if (part.codeExecutionResult) {
      const result = part.codeExecutionResult
      const call = step.calls.find((candidate) => !candidate.result && (result.id === undefined || candidate.id === result.id))
      if (call) call.result = { outcome: result.outcome ?? 'OUTCOME_FAILED', output: result.output ?? '' }
      step.answered = true
    } else if (part.inlineData && step.answered) {
      // Images right after a result belong to that run.
      const last = [...step.calls].reverse().find((call) => call.result)
      last?.images.push({ mimeType: part.inlineData.mimeType ?? 'image/png', data: part.inlineData.data ?? '' })
    } else {
      if (step.answered) flush()
      step.modelParts.push(part)
    }
  }
  flush()
}

/**
 * Rebuilds function call and response turns from model contents in the
 * built-in shape. Contents already in the wire shape pass through unchanged.
 */
export function builtInToWire(contents: readonly Content[], params: { functionName: string; multimodal: boolean }): Content[] {
  const out: Content[] = []
  for (const content of contents) {
    if (content.role === 'model' && hasCodeParts(content)) convertModelContent(content, params, out)
    else out.push(content)
  }
  return out
}

function isToolTurn(content: Content): boolean {
  const parts = content.parts ?? []
  return content.role === 'user' && parts.length > 0 && parts.some((part) => part.functionResponse) && parts.every((part) => part.functionResponse || part.inlineData)
}

function imagesOf(parts: readonly Part[] | undefined): RunImage[] {
  return (parts ?? []).flatMap((part) => (part.inlineData ? [{ mimeType: part.inlineData.mimeType ?? 'image/png', data: part.inlineData.data ?? '' }] : []))
}

/**
 * The built-in shape of a wire history, for display: each user message, then
 * one model content with the text, code runs and final answer that followed.
 * Images sent after the responses (older models) are shown with the last run
 * of their turn.
 */
export function wireToBuiltIn(contents: readonly Content[], params: { functionName: string }): Content[] {
  const out: Content[] = []
  let model: Content | undefined
  for (let index = 0; index < contents.length; index++) {
    const content = contents[index]!
    if (content.role !== 'model') {
      if (isToolTurn(content)) continue
      model = undefined
      out.push(content)
      continue
    }
    if (!model) {
      model = { role: 'model', parts: [] }
      out.push(model)
    }
    const next = contents[index + 1]
    const answers = next && isToolTurn(next) ? (next.parts ?? []) : []
    const responses = answers.filter((part) => part.functionResponse)
    const trailingImages = imagesOf(answers.filter((part) => part.inlineData))
    const runs: number[] = []
    const parts: Part[] = []
    let callIndex = 0
    for (const part of content.parts ?? []) {
      if (!part.functionCall) {
        parts.push(part)
        continue
      }
      const call = part.functionCall
      const response = responses.find((candidate) => call.id !== undefined && candidate.functionResponse?.id === call.id) ?? responses[callIndex]
      callIndex++
      const payload = response?.functionResponse?.response
      const code = (call.args as Record<string, unknown> | undefined)?.['code']
      // Only calls that actually ran have an outcome; refusals and errors are wire-only.
      if (call.name !== params.functionName || typeof code !== 'string' || typeof payload?.['outcome'] !== 'string') continue
      runs.push(parts.length)
      parts.push(
        ...codeExecutionParts({
          code,
          callId: call.id,
          thoughtSignature: part.thoughtSignature,
          outcome: payload['outcome'],
          output: typeof payload['output'] === 'string' ? payload['output'] : '',
          images: imagesOf(response?.functionResponse?.parts as Part[] | undefined),
        }),
      )
    }
    const lastRun = runs.at(-1)
    if (lastRun !== undefined && trailingImages.length > 0) {
      // Insert after that run's result (and its own images).
      let at = lastRun + 2
      while (parts[at]?.inlineData) at++
      parts.splice(at, 0, ...trailingImages.map((image) => ({ inlineData: { mimeType: image.mimeType, data: image.data } })))
    }
    model.parts!.push(...parts)
  }
  return out
}
