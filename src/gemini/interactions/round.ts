/**
 * One model request of the Interactions API, whole or streamed, with the
 * broker's retries and typed errors. A streamed request is read to its end:
 * its steps are rebuilt from `step.start` / `step.delta` / `step.stop` and
 * each event is handed to a listener as it arrives.
 */
import { GeminiApiError, GeminiNetworkError, toGeminiError } from '../errors.ts'
import { withRetry, type ResolvedRetryOptions, type RetryNotice } from '../retry.ts'
import { isRecord, type CreateParams, type GenAIInteractions, type InteractionSSEEvent, type RequestOptions, type Step, type Usage } from './wire.ts'

/** What one request returned: the model's steps, verbatim, and the rest of the interaction (id, status, usage, …). */
export interface InteractionRound {
  steps: Step[]
  interaction: Record<string, unknown> & { id?: string; status?: string; usage?: Usage }
}

export interface RoundParams {
  client: GenAIInteractions
  body: CreateParams
  options: RequestOptions | undefined
  retry: ResolvedRetryOptions
  signal: AbortSignal
  onRetry: (notice: RetryNotice) => void
}

/** Listens to a streamed round's events (the broker decides what reaches the app). */
export interface RoundListener {
  event(event: InteractionSSEEvent, step: Step | undefined): void
}

/**
 * The options for one attempt. The broker's signal is always passed (to stop
 * the request on abort), and the SDK ignores `timeout_ms` when a signal is
 * set, so a per-request timeout is applied here as a second signal.
 */
function attemptOptions(params: RoundParams): { options: RequestOptions; timedOut: () => boolean } {
  const timeoutMs = params.options?.timeout_ms ?? params.options?.timeout
  const timer = typeof timeoutMs === 'number' && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined
  const signal = timer ? AbortSignal.any([params.signal, timer]) : params.signal
  // The broker retries itself (visible through onEvent, abortable, RetryInfo
  // honoured); the SDK's own retries would multiply the attempts.
  const options: RequestOptions = { ...params.options, retries: params.options?.retries ?? { strategy: 'none' }, signal }
  return { options, timedOut: () => timer?.aborted === true && !params.signal.aborted }
}

function send<T>(params: RoundParams, stream: boolean): Promise<T> {
  return withRetry({
    operation: () => {
      const attempt = attemptOptions(params)
      return params.client.create({ ...params.body, stream } as CreateParams, attempt.options).then(
        (value) => value as T,
        (error: unknown) => {
          if (attempt.timedOut()) throw new GeminiNetworkError({ reason: 'timeout', message: 'The request to the Gemini API timed out.', cause: error })
          throw toGeminiError(error, params.signal)
        },
      )
    },
    options: params.retry,
    signal: params.signal,
    onRetry: params.onRetry,
  })
}

export async function requestRound(params: RoundParams): Promise<InteractionRound & { response: Record<string, unknown> }> {
  const response = await send<unknown>(params, false)
  if (!isRecord(response)) throw new TypeError('interactions.create returned no interaction.')
  const { steps, ...interaction } = response
  return { steps: Array.isArray(steps) ? (steps as Step[]) : [], interaction, response }
}

/** Applies one `step.delta` to the step it belongs to. */
export function applyDelta(step: Step, delta: Record<string, unknown>, argumentText: { value: string }): void {
  const target = step as unknown as Record<string, unknown>
  const { type, ...data } = delta
  if (type === 'text' && step.type === 'model_output') {
    const content = (step.content ??= [])
    const last = content.at(-1)
    if (last?.type === 'text') last.text += String(delta['text'] ?? '')
    else content.push({ type: 'text', text: String(delta['text'] ?? '') })
  } else if ((type === 'image' || type === 'audio' || type === 'video' || type === 'document') && step.type === 'model_output') {
    ;(step.content ??= []).push(delta as never)
  } else if (type === 'thought_signature') {
    target['signature'] = delta['signature']
  } else if (type === 'thought_summary' && isRecord(delta['content'])) {
    const summary = (target['summary'] as unknown[] | undefined) ?? []
    summary.push(delta['content'])
    target['summary'] = summary
  } else if (type === 'arguments_delta') {
    argumentText.value += String(delta['arguments'] ?? '')
  } else {
    Object.assign(target, data)
  }
}

/** Streamed arguments are JSON text; text that does not parse leaves the call's arguments as `step.start` gave them. */
function parseArguments(text: string, fallback: Record<string, unknown>): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text)
    return isRecord(parsed) ? parsed : fallback
  } catch {
    return fallback
  }
}

/**
 * Reads one streamed request to its end; events go to `listener` as they
 * arrive. With the SDK's automatic continuation one request can span several
 * hops, each starting with `interaction.created` and numbering its steps from
 * 0: step indices are shifted so that they stay unique within the request.
 */
export async function streamRound(params: RoundParams, listener: RoundListener): Promise<InteractionRound> {
  const stream = await send<AsyncIterable<InteractionSSEEvent>>(params, true)
  const steps: Array<Step | undefined> = []
  const argumentTexts = new Map<number, { value: string }>()
  let interaction: InteractionRound['interaction'] = {}
  let offset = 0
  try {
    for await (const received of stream) {
      const event = 'index' in received ? { ...received, index: received.index + offset } : received
      switch (event.event_type) {
        case 'interaction.created':
          offset = steps.length
          interaction = { ...interaction, ...(event.interaction as InteractionRound['interaction']) }
          listener.event(event, undefined)
          break
        case 'interaction.completed':
          interaction = { ...interaction, ...(event.interaction as InteractionRound['interaction']) }
          listener.event(event, undefined)
          break
        case 'interaction.status_update':
          interaction = { ...interaction, status: event.status }
          listener.event(event, undefined)
          break
        case 'error':
          throw new GeminiApiError({ status: 500, code: event.error?.code ?? 'UNKNOWN', apiMessage: event.error?.message ?? 'The stream reported an error.' })
        case 'step.start':
          steps[event.index] = structuredClone(event.step)
          listener.event(event, steps[event.index])
          break
        case 'step.delta': {
          const step = steps[event.index]
          if (!step) break
          const text = argumentTexts.get(event.index) ?? { value: '' }
          argumentTexts.set(event.index, text)
          applyDelta(step, event.delta as unknown as Record<string, unknown>, text)
          listener.event(event, step)
          break
        }
        case 'step.stop': {
          const step = steps[event.index]
          const text = argumentTexts.get(event.index)?.value ?? ''
          if (step?.type === 'function_call' && text !== '') step.arguments = parseArguments(text, step.arguments)
          listener.event(event, step)
          break
        }
      }
    }
  } catch (error) {
    throw toGeminiError(error, params.signal)
  }
  return { steps: steps.filter((step): step is Step => step !== undefined), interaction }
}

/** Token counts of two requests added up (every numeric total). */
export function addUsage(total: Usage | undefined, next: Usage | undefined): Usage | undefined {
  if (!next) return total
  if (!total) return { ...next }
  const sum: Record<string, unknown> = { ...total }
  for (const [key, value] of Object.entries(next)) {
    if (typeof value === 'number') sum[key] = (typeof sum[key] === 'number' ? (sum[key] as number) : 0) + value
  }
  return sum as Usage
}
