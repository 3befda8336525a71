/**
 * `withLocalCodeExecution(ai).interactions`: the SDK's `interactions.create`,
 * with `tools: [{ type: 'code_execution' }]` answered by the local sandbox.
 * Requests without that tool go to the SDK untouched, as do `delete` and
 * `cancel`; `get` returns the stored interaction with the local tool's
 * function steps shown as code steps (a streamed `get` is passed through).
 *
 * @example
 * const client = withLocalCodeExecution(new GoogleGenAI({ apiKey }))
 * const interaction = await client.interactions.create({
 *   model: 'gemini-3.5-flash',
 *   input: 'What is the sum of the first 50 prime numbers? Generate and run code for the calculation.',
 *   tools: [{ type: 'code_execution' }],
 * })
 * for (const step of interaction.steps) {
 *   if (step.type === 'code_execution_call') console.log(step.arguments.code)
 *   else if (step.type === 'code_execution_result') console.log(step.result) // "50 5117", computed here
 * }
 */
import type { Attachment } from '../attachments.ts'
import { emitter, type CodeExecutionEventListener } from '../events.ts'
import { AsyncQueue } from '../stream.ts'
import type { LocalCodeExecutionTool } from '../tool.ts'
import type { TurnSettings } from '../turn.ts'
import { toEventStream, type EventStream } from './event-stream.ts'
import { ConversationMemory } from './memory.ts'
import { builtInView, hasCodeExecutionTool } from './steps.ts'
import { runInteractionTurn } from './turn.ts'
import { isRecord, type CreateParams, type CreateParamsNonStreaming, type CreateParamsStreaming, type GenAIInteractions, type Interaction, type InteractionSSEEvent, type RequestOptions, type Step } from './wire.ts'

/** The SDK's request options, plus live run events for this call. */
export type InteractionCallOptions = RequestOptions & {
  onEvent?: CodeExecutionEventListener
  /**
   * The conversation's attachments so far, `findAttachments(history)` of its earlier turns, for a
   * conversation that this client did not carry on before (after a page reload, say). New files are
   * then numbered after them, not over them, and all are put in the sandbox again. Not needed when
   * this client made the previous interaction: it remembers them.
   */
  priorAttachments?: readonly Attachment[]
}

export interface LocalInteractions {
  /** Streams the interaction's events in the built-in shape; code steps appear as the runs happen. */
  create(params: CreateParamsStreaming, options?: InteractionCallOptions): Promise<EventStream<InteractionSSEEvent>>
  /** The whole interaction: `steps` in the built-in shape, `id` and `status` of the last request, usage summed. */
  create(params: CreateParamsNonStreaming, options?: InteractionCallOptions): Promise<Interaction>
  create(params: CreateParams, options?: InteractionCallOptions): Promise<Interaction | EventStream<InteractionSSEEvent>>
  /** The stored interaction; the local tool's `function_call` / `function_result` steps read as code steps. */
  get: NonNullable<GenAIInteractions['get']>
  delete: NonNullable<GenAIInteractions['delete']>
  cancel: NonNullable<GenAIInteractions['cancel']>
}

export interface LocalInteractionsParams {
  client: () => GenAIInteractions
  tool: LocalCodeExecutionTool
  settings: TurnSettings
  onEvent?: CodeExecutionEventListener
}

async function streamTurn(run: (sink: (event: InteractionSSEEvent) => void, signal: AbortSignal) => Promise<unknown>): Promise<EventStream<InteractionSSEEvent>> {
  const queue = new AsyncQueue<InteractionSSEEvent>()
  const consumerLeft = new AbortController()
  void run((event) => queue.push(event), consumerLeft.signal).then(
    () => queue.close(),
    (error: unknown) => queue.fail(error),
  )
  // As the SDK does, the call itself rejects when the first request fails.
  await queue.ready()
  return toEventStream(
    (async function* () {
      try {
        yield* queue.drain()
      } finally {
        // Leaving the `for await` early cancels the request and stops running code.
        consumerLeft.abort()
      }
    })(),
  )
}

export function createLocalInteractions(params: LocalInteractionsParams): LocalInteractions {
  // One memory per wrapped client: conversations continue across calls.
  const memory = new ConversationMemory()
  const passThrough = <K extends 'get' | 'delete' | 'cancel'>(name: K) =>
    ((...args: Parameters<NonNullable<GenAIInteractions[K]>>) => {
      const method = params.client()[name]
      if (!method) throw new TypeError(`This client has no interactions.${name}().`)
      return (method as (...inner: unknown[]) => Promise<unknown>).apply(params.client(), args)
    }) as NonNullable<GenAIInteractions[K]>

  function create(request: CreateParams, options: InteractionCallOptions = {}): Promise<Interaction | EventStream<InteractionSSEEvent>> {
    const { onEvent, priorAttachments, ...requestOptions } = options
    const client = params.client()
    if (!hasCodeExecutionTool(request.tools)) return client.create(request, requestOptions) as Promise<Interaction | EventStream<InteractionSSEEvent>>
    if ((request as { background?: boolean }).background === true) {
      return Promise.reject(new TypeError('A background interaction cannot use the local code-execution tool: its code must run here, while the call is open. Leave out `background: true`.'))
    }
    const turn = (sink?: (event: InteractionSSEEvent) => void, signal?: AbortSignal) =>
      runInteractionTurn({
        client,
        request,
        options: requestOptions,
        tool: params.tool,
        settings: params.settings,
        memory,
        priorAttachments,
        onEvent: emitter(params.onEvent, onEvent),
        sink,
        signal,
      })
    return request.stream === true ? streamTurn((sink, signal) => turn(sink, signal)) : turn()
  }

  const get = passThrough('get')
  return {
    create: create as LocalInteractions['create'],
    get: async (id, getParams, options) => {
      const stored = await get(id, getParams, options)
      if (!isRecord(stored) || !Array.isArray(stored['steps'])) return stored
      return { ...stored, steps: builtInView(stored['steps'] as Step[], params.tool.functionName) }
    },
    delete: passThrough('delete'),
    cancel: passThrough('cancel'),
  }
}
