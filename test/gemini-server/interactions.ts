/**
 * `POST /{v1beta,v1}/interactions` for the strict test server: replays scripted
 * model steps as an `Interaction` (JSON) or as its SSE events, keeps stored
 * interactions for `previous_interaction_id`, and remembers every step it
 * issued so a stateless (`store: false`) history can be checked byte for byte.
 */
import type { ServerResponse } from 'node:http'
import type { GoogleError } from './validate.ts'
import { checkConversation, inputSteps, validateInteractionRequest, type IssuedOutput } from './validate-interactions.ts'
import { interactionEvents } from './interactions-sse.ts'

type Json = Record<string, unknown>

/** One scripted model turn for the Interactions API. */
export interface InteractionTurn {
  /** The model's output steps, in the wire shape. */
  steps?: Json[]
  /** Streaming: function-call arguments whole in `step.start` (default) or as `arguments_delta` events. */
  argumentsAs?: 'start' | 'deltas'
  usage?: { promptTokenCount: number; candidatesTokenCount: number }
  error?: GoogleError
  /** Answer only after this long (for client timeouts); a client that gives up cancels it. */
  delayMs?: number
}

interface StoredInteraction {
  open: Map<string, string>
  /** As returned when it was created, for `GET /{version}/interactions/{id}`. */
  interaction: Json
}

/** What one test session remembers of its interactions. */
export class InteractionsState {
  readonly stored = new Map<string, StoredInteraction>()
  readonly issuedByCall = new Map<string, IssuedOutput>()
  readonly issuedBySignature = new Map<string, IssuedOutput>()
  private counter = 0

  nextId(): string {
    return `interaction-${++this.counter}`
  }

  issue(steps: Json[]): void {
    const output: IssuedOutput = { steps: steps.map((step) => JSON.parse(JSON.stringify(step)) as Json) }
    for (const step of steps) {
      if (step['type'] === 'function_call') this.issuedByCall.set(String(step['id']), output)
      if (step['type'] === 'thought' && typeof step['signature'] === 'string') this.issuedBySignature.set(step['signature'], output)
    }
  }
}

export interface InteractionRequestContext {
  state: InteractionsState
  /** The API version in the request's path, which the real API names in its errors. */
  apiVersion: string
  body: unknown
  /** The next scripted turn; `undefined` when the script has none left. */
  nextTurn: () => InteractionTurn | undefined
  /** The refusal for a request past the script's end. */
  scriptEnded: () => GoogleError
  reject: (error: GoogleError) => void
  res: ServerResponse
}

function usageOf(turn: InteractionTurn): Json {
  const usage = turn.usage ?? { promptTokenCount: 10, candidatesTokenCount: 5 }
  return {
    total_input_tokens: usage.promptTokenCount,
    total_output_tokens: usage.candidatesTokenCount,
    total_tokens: usage.promptTokenCount + usage.candidatesTokenCount,
  }
}

export function createInteraction(context: InteractionRequestContext): void {
  const { state, reject, res } = context
  const problem = validateInteractionRequest(context.body)
  if (problem) return reject(problem)
  const body = context.body as Json
  const model = String(body['model'])
  if (!model.startsWith('gemini-')) return reject({ code: 404, status: 'NOT_FOUND', message: `models/${model} is not found for API version ${context.apiVersion}.` })

  const previousId = body['previous_interaction_id'] as string | undefined
  const previous = previousId === undefined ? undefined : state.stored.get(previousId)
  if (previousId !== undefined && !previous) return reject({ code: 404, status: 'NOT_FOUND', message: `Interaction ${previousId} was not found.` })
  const steps = inputSteps(body['input'])
  if (!Array.isArray(steps)) return reject(steps)
  const conversationError = checkConversation(steps, {
    model,
    open: previous?.open ?? new Map(),
    issuedByCall: state.issuedByCall,
    issuedBySignature: state.issuedBySignature,
  })
  if (conversationError) return reject(conversationError)

  const next = context.nextTurn()
  if (!next) return reject(context.scriptEnded())
  if (next.error) return reject(next.error)
  const output = (next.steps ?? []).map((step) => JSON.parse(JSON.stringify(step)) as Json)
  state.issue(output)
  const calls = output.filter((step) => step['type'] === 'function_call')
  const id = state.nextId()

  const created = '2026-06-09T12:01:25Z'
  const interaction: Json = {
    id,
    object: 'interaction',
    model,
    status: calls.length > 0 ? 'requires_action' : 'completed',
    created,
    updated: created,
    ...(previousId !== undefined ? { previous_interaction_id: previousId } : {}),
    // The request's configuration, echoed as the SDK's Interaction type allows.
    input: body['input'],
    ...(body['tools'] !== undefined ? { tools: body['tools'] } : {}),
    ...(body['generation_config'] !== undefined ? { generation_config: body['generation_config'] } : {}),
    steps: output,
    usage: usageOf(next),
  }
  if (body['store'] !== false) state.stored.set(id, { open: new Map(calls.map((call) => [String(call['id']), String(call['name'])])), interaction })
  const answer = () => respond(res, interaction, body['stream'] === true, next.argumentsAs ?? 'start')
  if (!next.delayMs) return answer()
  const timer = setTimeout(answer, next.delayMs)
  res.on('close', () => clearTimeout(timer))
}

function respond(res: ServerResponse, interaction: Json, stream: boolean, argumentsAs: 'start' | 'deltas'): void {
  if (res.writableEnded || res.destroyed) return
  if (!stream) {
    res.statusCode = 200
    res.setHeader('Content-Type', 'application/json; charset=UTF-8')
    return void res.end(JSON.stringify(interaction))
  }
  res.statusCode = 200
  res.setHeader('Content-Type', 'text/event-stream')
  for (const [index, event] of interactionEvents(interaction, argumentsAs).entries()) {
    const eventId = `evt-${index + 1}`
    res.write(`event: ${String(event['event_type'])}\ndata: ${JSON.stringify({ ...event, event_id: eventId })}\n\n`)
  }
  res.end()
}

/** `GET /{version}/interactions/{id}`: a stored interaction, as it was returned. */
export function getInteraction(state: InteractionsState, id: string, res: ServerResponse, reject: (error: GoogleError) => void): void {
  const stored = state.stored.get(id)
  if (!stored) return reject({ code: 404, status: 'NOT_FOUND', message: `Interaction ${id} was not found.` })
  res.statusCode = 200
  res.setHeader('Content-Type', 'application/json; charset=UTF-8')
  res.end(JSON.stringify(stored.interaction))
}
