/**
 * An Interactions API answer as the app shows and keeps it. The broker's
 * streamed events (built-in shape: `model_output`, `code_execution_call`,
 * `code_execution_result`, `thought`) are gathered into steps, and the steps
 * read as the same parts a generateContent answer has (`text`,
 * `executableCode`, `codeExecutionResult`, `inlineData`), so the chat's
 * rendering, storage, export and Markdown need not know which API answered.
 * Pure: no I/O, no clock.
 */
import { Language, Outcome, type Interactions, type Part } from '@google/genai'

type Step = Interactions.Step
type Content = Interactions.Content
type InteractionSSEEvent = Interactions.InteractionSSEEvent

/** The user's message as Interactions `input`: text as text, images as images, other files (CSV, PDF, text) as documents. */
export function toInteractionInput(parts: readonly Part[]): Content[] {
  const input: Content[] = []
  for (const part of parts) {
    if (typeof part.text === 'string') input.push({ type: 'text', text: part.text })
    else if (part.inlineData?.data) {
      const { data, mimeType = 'application/octet-stream' } = part.inlineData
      input.push(mimeType.startsWith('image/') ? { type: 'image', data, mime_type: mimeType } : { type: 'document', data, mime_type: mimeType })
    }
  }
  return input
}

/** A run's exact outcome when the app saw it end; otherwise what the step's `is_error` says. */
function outcomeOf(step: Interactions.CodeExecutionResultStep, outcomes: ReadonlyMap<string, string>): Outcome {
  const seen = outcomes.get(step.call_id)
  if (seen) return seen as Outcome
  return step.is_error ? Outcome.OUTCOME_FAILED : Outcome.OUTCOME_OK
}

function contentParts(content: readonly Content[]): Part[] {
  return content.flatMap((item): Part[] => {
    if (item.type === 'text') return item.text ? [{ text: item.text }] : []
    if (item.type === 'image' && item.data) return [{ inlineData: { mimeType: item.mime_type ?? 'image/png', data: item.data } }]
    return []
  })
}

/** One built-in step as display parts. Thoughts and steps of other tools show nothing. */
export function stepParts(step: Step, outcomes: ReadonlyMap<string, string> = new Map()): Part[] {
  switch (step.type) {
    case 'model_output':
      return contentParts(step.content ?? [])
    case 'code_execution_call':
      return [{ executableCode: { code: step.arguments.code ?? '', language: Language.PYTHON } }]
    case 'code_execution_result': {
      // A string from @google/genai 2.x and from the broker; 3.x also allows content blocks (text, then images).
      const result = typeof step.result === 'string' ? [{ type: 'text' as const, text: step.result }] : step.result
      const output = result.map((item) => (item.type === 'text' ? item.text : '')).join('')
      return [{ codeExecutionResult: { outcome: outcomeOf(step, outcomes), output } }, ...contentParts(result.filter((item) => item.type !== 'text'))]
    }
    default:
      return []
  }
}

/** Adds one streamed delta to the step it belongs to. Only what is shown is kept: text and images of model output. */
function withDelta(step: Step | undefined, delta: Interactions.StepDelta['delta']): Step | undefined {
  if (step?.type !== 'model_output') return step
  const content = [...(step.content ?? [])]
  if (delta.type === 'text') {
    const last = content.at(-1)
    if (last?.type === 'text') content[content.length - 1] = { ...last, text: last.text + delta.text }
    else content.push({ type: 'text', text: delta.text })
  } else if (delta.type === 'image' && delta.data) {
    content.push({ type: 'image', data: delta.data, mime_type: delta.mime_type ?? 'image/png' })
  } else {
    return step
  }
  return { ...step, content }
}

/** The stream failed: the API sent an `error` event instead of finishing. */
export class InteractionStreamError extends Error {
  override readonly name = 'InteractionStreamError'
}

/**
 * Gathers a streamed interaction, event by event.
 *
 * @example
 * const answer = new StreamedAnswer()
 * for await (const event of stream) {
 *   answer.apply(event)
 *   show(answer.parts())
 * }
 * conversation.interactionId = answer.interactionId // continue from here next time
 */
export class StreamedAnswer {
  private readonly steps: Array<Step | undefined> = []
  /** The interaction to name as `previous_interaction_id` next: the last one of the call. */
  interactionId: string | undefined
  /** `completed`, or `incomplete` when the round-trip cap ended the call. */
  status: string | undefined

  /** @param outcomes Each run's outcome by call id, as the app's run-end events reported it. */
  constructor(private readonly outcomes: ReadonlyMap<string, string> = new Map()) {}

  /** Takes in one event. Throws `InteractionStreamError` for an `error` event. */
  apply(event: InteractionSSEEvent): void {
    switch (event.event_type) {
      case 'interaction.created':
      case 'interaction.completed':
        this.interactionId = event.interaction.id ?? this.interactionId
        this.status = event.interaction.status ?? this.status
        return
      case 'interaction.status_update':
        this.status = event.status ?? this.status
        return
      case 'step.start':
        this.steps[event.index] = event.step
        return
      case 'step.delta':
        this.steps[event.index] = withDelta(this.steps[event.index], event.delta)
        return
      case 'error':
        throw new InteractionStreamError(event.error?.message ?? 'The Interactions API reported an error and ended the answer.')
      default:
        return
    }
  }

  /** The answer so far as display parts, in step order. */
  parts(): Part[] {
    return this.steps.flatMap((step) => (step ? stepParts(step, this.outcomes) : []))
  }
}

/**
 * The clear message for a follow-up the API refused because it no longer
 * knows the conversation's last interaction (expired or deleted, or another
 * key or server); undefined for any other error.
 */
export function unknownInteractionMessage(error: unknown, previousId: string | undefined): string | undefined {
  if (previousId === undefined || !(error instanceof Error) || error.name !== 'GeminiApiError') return undefined
  const { status, apiMessage } = error as Error & { status?: number; apiMessage?: string }
  if (status !== 404 || /\bmodels\//.test(apiMessage ?? '')) return undefined
  return (
    `Gemini no longer has this conversation's earlier turns (interaction ${previousId} was not found: stored interactions expire, ` +
    'and belong to one API key). Start a new chat to go on; this one stays here to read, export and copy.'
  )
}
