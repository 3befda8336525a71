/**
 * Chats with the local tool: the SDK's `Chat` surface, one sandbox per chat
 * so Python variables persist from one message to the next.
 *
 * The chat keeps two histories: the wire history (function call and response
 * turns with their thought signatures), which is what it sends, and the
 * built-in shape, which `getHistory()` returns for display and saving.
 *
 * To start Python over (fresh variables, imports and files) call
 * `chat.resetSandbox()`; `chat.dispose()` shuts the chat's sandbox down.
 */
import type { Content, GenerateContentConfig, GenerateContentResponse, PartListUnion } from '@google/genai'
import type { CodeExecutor } from '../executor.ts'
import type { ManagedExecutor } from './default-sandbox.ts'
import { builtInToWire, wireToBuiltIn } from './history.ts'
import { mergeModelText, mergeTextParts } from './merge-text.ts'
import { hasCodeExecutionTool, supportsMultimodalFunctionResponses } from './shapes.ts'
import type { LocalCodeExecutionTool } from './tool.ts'
import { generate, generateStream, type Broker, type CallOptions } from './broker.ts'

export interface CreateLocalChatParameters {
  model: string
  /** Used for every message unless `sendMessage` passes its own. */
  config?: GenerateContentConfig
  /** Earlier turns, in the built-in shape (as `getHistory()` returns) or the wire shape. */
  history?: Content[]
  /** This chat's executor. Default: a new one from `createSandbox` (a `PythonSandbox`). */
  sandbox?: CodeExecutor
}

export interface SendMessageParameters {
  message: PartListUnion
  config?: GenerateContentConfig
}

function toUserContent(message: PartListUnion): Content {
  const list = Array.isArray(message) ? message : [message]
  return { role: 'user', parts: list.map((part) => (typeof part === 'string' ? { text: part } : part)) }
}

function hasPart(contents: readonly Content[], key: 'functionCall' | 'executableCode'): boolean {
  return contents.some((content) => (content.parts ?? []).some((part) => part[key] !== undefined))
}

/** Drops model answers that carry nothing, with the message that led to them (like the SDK's curated history). */
function curated(history: readonly Content[]): Content[] {
  const out: Content[] = []
  for (const content of history) {
    if (content.role === 'model' && (content.parts ?? []).length === 0) {
      if (out.at(-1)?.role === 'user') out.pop()
      continue
    }
    out.push(content)
  }
  return out
}

export class LocalChat {
  readonly model: string
  private readonly broker: Broker
  private readonly config: GenerateContentConfig
  private readonly tool: LocalCodeExecutionTool
  private wire: Content[]
  private shown: Content[]
  private executor: Promise<CodeExecutor> | undefined
  /** Whether the chat made its executor (and so may dispose it). */
  private ownsExecutor: boolean
  private pending: Promise<unknown> = Promise.resolve()

  constructor(params: CreateLocalChatParameters & { broker: Broker }) {
    this.broker = params.broker
    this.model = params.model
    this.config = params.config ?? {}
    this.ownsExecutor = params.sandbox === undefined
    if (params.sandbox) this.executor = Promise.resolve(params.sandbox)
    this.tool = params.broker.makeTool(() => this.getSandbox())

    // Saved streamed answers may hold one text part per chunk: joined once here, not resent as fragments.
    const history = mergeModelText(structuredClone(params.history ?? []))
    const functionName = this.tool.functionName
    if (hasPart(history, 'executableCode')) {
      this.shown = history
      this.wire = builtInToWire(history, { functionName, multimodal: this.multimodal() })
    } else if (hasPart(history, 'functionCall')) {
      this.wire = history
      this.shown = wireToBuiltIn(history, { functionName })
    } else {
      this.wire = history
      this.shown = structuredClone(history)
    }
  }

  /** Sends a message; messages are answered one at a time, in the order sent. */
  sendMessage(params: SendMessageParameters, options?: CallOptions): Promise<GenerateContentResponse> {
    const run = this.pending.then(async () => {
      const userContent = toUserContent(params.message)
      const request = { model: this.model, contents: [...this.wire, userContent], config: params.config ?? this.config }
      const response = hasCodeExecutionTool(request.config.tools)
        ? await generate({ broker: this.broker, tool: this.tool, request, onEvent: options?.onEvent })
        : await this.broker.client.models.generateContent(request)
      this.record(userContent, response, hasCodeExecutionTool(request.config.tools) ? 'local' : 'sdk')
      return response
    })
    this.pending = run.catch(() => undefined)
    return run
  }

  /** Streams the answer; the history is updated once the stream has ended. */
  sendMessageStream(params: SendMessageParameters, options?: CallOptions): Promise<AsyncGenerator<GenerateContentResponse>> {
    // The next message waits until this answer has been streamed completely.
    let finished!: () => void
    const previous = this.pending
    this.pending = new Promise<void>((resolve) => (finished = resolve))
    const run = previous.then(async () => {
      const userContent = toUserContent(params.message)
      const request = { model: this.model, contents: [...this.wire, userContent], config: params.config ?? this.config }
      const stream = hasCodeExecutionTool(request.config.tools)
        ? await generateStream({
            broker: this.broker,
            tool: this.tool,
            request,
            onEvent: options?.onEvent,
            onDone: (response) => this.record(userContent, response, 'local'),
          })
        : await this.passThroughStream(userContent, request)
      return (async function* () {
        try {
          yield* stream
        } finally {
          finished()
        }
      })()
    })
    run.catch(() => finished())
    return run
  }

  /** The conversation in the built-in shape (`executableCode` / `codeExecutionResult`). */
  getHistory(curatedOnly = false): Content[] {
    return structuredClone(curatedOnly ? curated(this.shown) : this.shown)
  }

  /** The conversation exactly as sent to Gemini: function call and response turns, signatures included. */
  getWireHistory(): Content[] {
    return structuredClone(this.wire)
  }

  /** This chat's executor, started on first use. */
  getSandbox(): Promise<CodeExecutor> {
    this.executor ??= this.broker.createSandbox()
    this.executor.catch(() => (this.executor = undefined))
    return this.executor
  }

  /**
   * Starts Python over for this chat: new variables, imports and files. Uses
   * the executor's own `reset()` when it has one; otherwise a chat-made
   * executor is replaced by a new one on next use.
   */
  async resetSandbox(): Promise<void> {
    const executor = (await this.executor) as ManagedExecutor | undefined
    if (!executor) return
    if (typeof executor.reset === 'function') return executor.reset()
    if (!this.ownsExecutor) throw new Error('This executor cannot be reset: it has no reset() method and the chat did not create it.')
    executor.dispose?.()
    this.executor = undefined
  }

  /** Shuts down the executor the chat created (not one passed in). */
  dispose(): void {
    if (!this.ownsExecutor) return
    void this.executor?.then((executor) => (executor as ManagedExecutor).dispose?.(), () => undefined)
    this.executor = undefined
  }

  private multimodal(): boolean {
    const setting = this.broker.settings.multimodalFunctionResponses
    return setting === 'auto' ? supportsMultimodalFunctionResponses(this.model) : setting
  }

  /** `local`: the broker's response, whose `automaticFunctionCallingHistory` is the whole wire history. */
  private record(userContent: Content, response: GenerateContentResponse, source: 'local' | 'sdk'): void {
    const answer: Content = response.candidates?.[0]?.content ?? { role: 'model', parts: [] }
    const wire = response.automaticFunctionCallingHistory
    if (source === 'local' && wire) this.wire = structuredClone(wire)
    else if (wire && wire.length > this.wire.length) this.wire = [...structuredClone(wire), structuredClone({ ...answer, role: 'model' })]
    else this.wire.push(userContent, structuredClone({ ...answer, role: 'model' }))
    this.shown.push(userContent, structuredClone({ ...answer, role: 'model' }))
  }

  private async passThroughStream(userContent: Content, request: { model: string; contents: Content[]; config: GenerateContentConfig }): Promise<AsyncGenerator<GenerateContentResponse>> {
    const stream = await this.broker.client.models.generateContentStream(request)
    const record = (parts: Content['parts']) => {
      const response = { candidates: [{ content: { role: 'model', parts } }] } as GenerateContentResponse
      this.record(userContent, response, 'sdk')
    }
    return (async function* () {
      const parts: NonNullable<Content['parts']> = []
      for await (const chunk of stream) {
        parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []))
        yield chunk
      }
      record(mergeTextParts(parts))
    })()
  }
}
