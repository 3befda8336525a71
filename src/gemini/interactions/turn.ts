/**
 * One `interactions.create` call with the local code-execution tool: the
 * Interactions adapter over the shared loop (`../loop.ts`). Each round-trip
 * is one interaction on the API; the loop's rules decide what runs.
 *
 * Continuation, as the app chose it:
 * - stored (the default): each later request names the previous interaction
 *   (`previous_interaction_id`) and sends only the function results;
 * - stateless (`store: false`): each request resends the whole history, the
 *   model's steps exactly as received.
 */
import { toGeminiError, isGeminiBrokerError } from '../errors.ts'
import { emitter, type CodeExecutionEventListener } from '../events.ts'
import { runToolLoop, type LoopTurn } from '../loop.ts'
import { supportsMultimodalFunctionResponses } from '../shapes.ts'
import type { LocalCodeExecutionTool } from '../tool.ts'
import type { TurnSettings } from '../turn.ts'
import type { Attachment } from '../attachments.ts'
import type { ToolCall, ToolCallResult } from '../calls.ts'
import { findInputAttachments, inputToSteps, wireInput } from './input.ts'
import type { ConversationMemory } from './memory.ts'
import { addUsage, requestRound, streamRound, type InteractionRound, type RoundListener, type RoundParams } from './round.ts'
import type { LibrarySignals } from '../../packages/likely-libraries.ts'
import { streamedText } from '../library-hints.ts'
import { StepWriter } from './step-writer.ts'
import { callsOf, codeExecutionCallStep, codeExecutionResultSteps, functionResultStep, functionTool, prepareTools } from './steps.ts'
import type { CreateParams, FunctionCallStep, GenAIInteractions, Interaction, InteractionSSEEvent, RequestOptions, Step, Usage } from './wire.ts'

export interface InteractionTurnParams {
  client: GenAIInteractions
  request: CreateParams
  options: RequestOptions | undefined
  tool: LocalCodeExecutionTool
  settings: TurnSettings
  memory: ConversationMemory
  /** The app's account of the conversation's attachments, for a previous interaction `memory` does not know. */
  priorAttachments?: readonly Attachment[]
  onEvent?: CodeExecutionEventListener
  /** Streaming: where events go. Absent for a whole answer. */
  sink?: (event: InteractionSSEEvent) => void
  /** Stops the call in addition to the request options' signal (a stream consumer that left). */
  signal?: AbortSignal
}

interface RoundTurn extends LoopTurn {
  round: InteractionRound
}

function callerSignals(options: RequestOptions | undefined, extra: AbortSignal | undefined): AbortSignal {
  const signals = [options?.signal, options?.fetch_options?.signal, options?.fetchOptions?.signal, extra]
  return AbortSignal.any(signals.filter((signal): signal is AbortSignal => signal instanceof AbortSignal))
}

function echoAsRequested(interaction: Record<string, unknown>, requested: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(requested)) {
    const shown = key === 'previous_interaction_id' || key in interaction
    if (shown && value !== undefined) interaction[key] = value
    else delete interaction[key]
  }
}

/** The files of the stored conversation a request continues: as this client remembers them, else as the app says. */
function priorAttachmentsOf(previousId: string | undefined, memory: ConversationMemory, told: readonly Attachment[] = []): readonly Attachment[] {
  if (previousId === undefined) return []
  const remembered = memory.attachmentsOf(previousId)
  return remembered.length > 0 ? remembered : told
}

/** The text the user's input steps carry. */
function inputTexts(steps: readonly Step[]): string[] {
  return steps.flatMap((step) =>
    step.type === 'user_input' ? ((step as { content?: unknown[] }).content ?? []).flatMap((block) => (isTextBlock(block) ? [block.text] : [])) : [],
  )
}

function isTextBlock(block: unknown): block is { type: 'text'; text: string } {
  return typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'text' && typeof (block as { text?: unknown }).text === 'string'
}

/**
 * Passes each streamed event on, and hints the libraries the model's streamed
 * text and thought summaries name and its call's arguments import, as they
 * arrive: the arguments are scanned whole so far, since a delta can cut an
 * import in two, and text with the word its step's last delta ended on.
 */
function hintingListener(listener: RoundListener, hint: (signals: LibrarySignals) => void): RoundListener {
  const argumentTexts = new Map<number, string>()
  const streamed = streamedText()
  return {
    event(event, step) {
      listener.event(event, step)
      if (event.event_type !== 'step.delta') return
      const delta = event.delta as unknown as Record<string, unknown>
      const summary = delta['type'] === 'thought_summary' ? (delta['content'] as Record<string, unknown> | undefined) : undefined
      if (delta['type'] === 'arguments_delta') {
        const text = (argumentTexts.get(event.index) ?? '') + String(delta['arguments'] ?? '')
        argumentTexts.set(event.index, text)
        hint({ code: [text] })
      } else if (delta['type'] === 'text' && typeof delta['text'] === 'string') {
        hint({ text: [streamed(event.index, delta['text'])] })
      } else if (summary?.['type'] === 'text' && typeof summary['text'] === 'string') {
        hint({ text: [streamed(event.index, summary['text'])] })
      }
    },
  }
}

export async function runInteractionTurn(params: InteractionTurnParams): Promise<Interaction> {
  const { request, tool, settings, memory } = params
  const { functionName, timeoutMs } = tool
  const signal = callerSignals(params.options, params.signal)
  const emit = emitter(params.onEvent)
  const store = request.store !== false
  const multimodal = settings.multimodalFunctionResponses === 'auto' ? supportsMultimodalFunctionResponses(request.model) : settings.multimodalFunctionResponses
  const appPreviousId = request.previous_interaction_id

  const converted = wireInput(request.input, { memory, functionName })
  // Answers the last call could not deliver (round-trip cap, abort) go before the new input.
  const owed = store && appPreviousId !== undefined ? memory.pendingFor(appPreviousId) : []
  let input: CreateParams['input'] = owed.length > 0 ? [...owed, ...inputToSteps(converted)] : converted
  const attachments = findInputAttachments(inputToSteps(converted), store ? priorAttachmentsOf(appPreviousId, memory, params.priorAttachments) : [])
  const placed = await tool.placeAttachments(attachments)
  // From here until the code arrives the sandbox would sit idle: it may load what the code will likely import.
  tool.hintLibraries({ attachments, text: inputTexts(inputToSteps(converted)) })
  const tools = prepareTools(request.tools ?? [], functionTool(await tool.declaration(placed)))
  const { stream: _stream, ...base } = request
  const history: Step[] = store ? [] : inputToSteps(input)
  let previousId = appPreviousId
  const writer = new StepWriter((step) => step.type === 'function_call' && step.name === functionName, params.sink)
  let first: InteractionRound['interaction'] | undefined
  let last: Record<string, unknown> | undefined
  let usage: Usage | undefined

  const generate = async ({ forceFinal }: { forceFinal: boolean }): Promise<RoundTurn> => {
    const body: CreateParams = { ...base, tools, input: store ? input : [...history] }
    if (store && previousId !== undefined) body.previous_interaction_id = previousId
    if (forceFinal) body.generation_config = { ...base.generation_config, tool_choice: 'none' }
    const round: RoundParams = { client: params.client, body, options: params.options, retry: settings.retry, signal, onRetry: (notice) => emit({ type: 'retry', ...notice }) }
    writer.beginRequest()
    let result: InteractionRound
    if (params.sink) {
      result = await streamRound(round, hintingListener(writer, (signals) => tool.hintLibraries(signals)))
      last = result.interaction
    } else {
      const answered = await requestRound(round)
      writer.addModelSteps(answered.steps)
      result = answered
      last = answered.response
    }
    if (store && previousId !== undefined) memory.clearPending(previousId)
    first ??= result.interaction
    usage = addUsage(usage, result.interaction.usage)
    if (store && typeof result.interaction.id === 'string') {
      previousId = result.interaction.id
      // Any interaction of this call may be the one a follow-up names (an error reports the last one).
      memory.setAttachments(previousId, attachments)
    }
    return { calls: callsOf(result.steps), round: result }
  }

  // The local tool's call is shown as its run starts, its result as it ends; an app function's answer when it is ready.
  const showCall = (call: ToolCall) => {
    if (call.name === functionName) writer.add(codeExecutionCallStep(call))
  }
  const showResult = (result: ToolCallResult): ToolCallResult => {
    const steps = result.call.name === functionName ? codeExecutionResultSteps(result, { timeoutMs }) : [functionResultStep(result, { functionName, multimodal, timeoutMs })]
    for (const step of steps) writer.add(step)
    return result
  }

  const submit = (turn: RoundTurn, results: ToolCallResult[]) => {
    const answers = results.map((result) => functionResultStep(result, { functionName, multimodal, timeoutMs }))
    results.forEach((result, index) => {
      const call = turn.round.steps.find((step): step is FunctionCallStep => step.type === 'function_call' && step.id === result.call.id)
      if (call && call.name === functionName) memory.rememberCall(call, answers[index]!)
    })
    if (store) {
      input = answers
      if (typeof turn.round.interaction.id === 'string') memory.setPending(turn.round.interaction.id, answers)
    } else {
      history.push(...turn.round.steps, ...answers)
    }
  }

  try {
    const outcome = await runToolLoop<RoundTurn>({
      limits: settings.limits,
      generate,
      execute: async (call) => {
        showCall(call)
        return showResult(await tool.execute(call, { signal, onEvent: emit, attachments: placed.placed }))
      },
      refuse: (call, reason) => {
        showCall(call)
        return showResult(tool.refuse(call, reason))
      },
      submit,
      signal,
    })
    // Stopped by the round-trip cap, the answer is cut short: the owed results go with the next message.
    const status = outcome.stoppedBy === 'round-trip-limit' ? 'incomplete' : last?.['status']
    const interaction: Record<string, unknown> = { ...last, steps: writer.steps, status }
    if (usage) interaction['usage'] = usage
    if (first?.['created'] !== undefined) interaction['created'] = first['created']
    // Fields the API may echo are the app's request, not the broker's last round-trip
    // (whose input was function results and whose tools were the local function).
    echoAsRequested(interaction, { previous_interaction_id: appPreviousId, input: request.input, tools: request.tools, generation_config: request.generation_config })
    const { steps: _steps, sdkHttpResponse: _http, ...summary } = interaction
    writer.complete(summary)
    return interaction as Interaction
  } catch (error) {
    const typed = toGeminiError(error, signal)
    if (isGeminiBrokerError(typed)) {
      typed.steps = writer.steps
      typed.interactionId = store ? previousId : undefined
    }
    throw typed
  }
}
