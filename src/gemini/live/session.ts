/**
 * One Live session with the local tool: the app's side of the SDK session.
 *
 * Messages from the server come in through `receive`: calls to the local
 * function go to the turn loop, which runs them and answers with
 * `sendToolResponse`; the app's `onmessage` gets everything else, with the
 * runs shown in the built-in shape. The app talks through the same methods as
 * the SDK's `Session`.
 */
import type { LiveSendClientContentParameters, LiveSendRealtimeInputParameters, LiveSendToolResponseParameters, LiveServerMessage } from '@google/genai'
import type { CodeExecutor } from '../../executor.ts'
import type { ToolCall, ToolCallResult } from '../calls.ts'
import type { CodeExecutionEventListener } from '../events.ts'
import type { LoopLimits } from '../loop.ts'
import { codeExecutionParts } from '../shapes.ts'
import type { LocalCodeExecutionTool } from '../tool.ts'
import { streamedText } from '../library-hints.ts'
import { clientContentSignals, realtimeSignals, serverMessageSignals } from './hints.ts'
import { builtInMessage, liveFunctionResponses, messageForApp, splitToolCall } from './messages.ts'
import type { LiveSandbox, SandboxOnClose } from './sandboxes.ts'
import { TurnLoop } from './turn-loop.ts'
import type { GenAILiveSession } from './wire.ts'

export interface LocalLiveSessionParams {
  tool: LocalCodeExecutionTool
  sandbox: LiveSandbox
  sandboxOnClose: SandboxOnClose
  limits: LoopLimits
  multimodal: boolean
  emit: CodeExecutionEventListener
  /** The app's `callbacks.onmessage`. */
  onmessage: ((message: LiveServerMessage) => void) | undefined
}

export class LocalLiveSession {
  private readonly params: LocalLiveSessionParams
  private readonly loop: TurnLoop
  /** The SDK's session once `connect` resolved; until then what the adapter sends waits for it. */
  private sdk: GenAILiveSession | undefined
  private readonly attached: Promise<GenAILiveSession>
  private attachSdk!: (session: GenAILiveSession) => void
  /** Ids of local calls ever seen, so their cancellations are not shown to the app. */
  private readonly localIds = new Set<string>()
  /** Local calls the server still waits for. */
  private readonly unanswered = new Set<string>()
  /** Client content the app sent while local calls were unanswered; sent right after their answers. */
  private held: LiveSendClientContentParameters[] = []
  /** The model's text arrives in pieces cut anywhere: what joins them for the hints. */
  private readonly streamed = streamedText()
  private closedByApp = false
  private ended = false

  constructor(params: LocalLiveSessionParams) {
    this.params = params
    this.attached = new Promise((resolve) => (this.attachSdk = resolve))
    this.loop = new TurnLoop({
      limits: params.limits,
      execute: (call, signal) => this.run(call, signal),
      refuse: (call, reason) => params.tool.refuse(call, reason),
      respond: (results) => this.respond(results),
      onError: (error) => console.error('Live session: answering a tool call failed', error),
    })
  }

  /** Called once `ai.live.connect` resolved. */
  attach(session: GenAILiveSession): void {
    this.sdk = session
    this.attachSdk(session)
  }

  /** Every message from the server, in order. */
  receive(message: LiveServerMessage): void {
    // Before the calls go to the loop: the model's words and code so far are hints for the run to come.
    this.params.tool.hintLibraries(serverMessageSignals(message, this.streamed))
    const isLocal = (name: string) => this.params.tool.handles(name)
    const { local } = splitToolCall(message.toolCall?.functionCalls, isLocal)
    if (local.length > 0) {
      for (const call of local) {
        if (call.id === undefined) continue
        this.localIds.add(call.id)
        this.unanswered.add(call.id)
      }
      this.loop.push({ type: 'calls', calls: local })
    }
    const cancelled = (message.toolCallCancellation?.ids ?? []).filter((id) => this.localIds.has(id))
    if (cancelled.length > 0) {
      this.loop.cancel(cancelled)
      this.settle(cancelled)
    }
    const update = message.sessionResumptionUpdate
    if (update?.newHandle && update.resumable !== false) this.params.sandbox.remember(update.newHandle)
    if (message.serverContent?.turnComplete || message.serverContent?.interrupted) this.loop.push({ type: 'turn-end' })
    const forApp = messageForApp(message, { isLocal, localIds: this.localIds })
    if (forApp) this.show(forApp)
  }

  /** The connection ended, whoever closed it. */
  closed(): void {
    if (this.ended) return
    this.ended = true
    this.loop.close()
    this.params.sandbox.closed(this.params.sandboxOnClose, this.closedByApp)
  }

  sendClientContent(params: LiveSendClientContentParameters = {}): void {
    // While the model thinks about this turn, the sandbox can load what its code will likely import.
    this.params.tool.hintLibraries(clientContentSignals(params))
    // A new user turn while the model waits for a run would be refused by the server: it follows the answer.
    if (this.unanswered.size > 0) this.held.push(params)
    else this.connected().sendClientContent(params)
  }

  sendRealtimeInput(params: LiveSendRealtimeInputParameters): void {
    this.params.tool.hintLibraries(realtimeSignals(params))
    // Realtime input may interrupt the model (and cancel its calls): never held back.
    this.connected().sendRealtimeInput(params)
  }

  /** Answers to the app's own function calls. */
  sendToolResponse(params: LiveSendToolResponseParameters): void {
    this.connected().sendToolResponse(params)
  }

  sendContextUpdate(params: unknown): void {
    const session = this.connected()
    if (!session.sendContextUpdate) throw new TypeError('This version of @google/genai has no Session.sendContextUpdate().')
    session.sendContextUpdate(params)
  }

  /** Ends the session; by default its sandbox is disposed too (see `sandboxOnClose`). */
  close(): void {
    this.closedByApp = true
    this.connected().close()
    this.closed()
  }

  /** The app only holds this session once `connect` resolved, so the SDK's is there. */
  private connected(): GenAILiveSession {
    if (!this.sdk) throw new Error('The Live session is not connected yet.')
    return this.sdk
  }

  /** What the adapter sends on its own: at once when connected, else as soon as it is; a failure is reported, not thrown. */
  private send(action: (session: GenAILiveSession) => void): void {
    const guarded = (session: GenAILiveSession) => {
      try {
        action(session)
      } catch (error) {
        console.error('Live session: sending failed', error)
      }
    }
    if (this.sdk) guarded(this.sdk)
    else void this.attached.then(guarded)
  }

  /** The session's executor (started if needed): the Python state of this conversation. */
  getSandbox(): Promise<CodeExecutor> {
    return this.params.sandbox.get()
  }

  private show(message: LiveServerMessage): void {
    try {
      this.params.onmessage?.(message)
    } catch (error) {
      console.error('Live session: onmessage threw; ignored', error)
    }
  }

  /** Runs one call, showing its code as it starts and its result as it ends, as the built-in tool does. */
  private async run(call: ToolCall, signal: AbortSignal): Promise<ToolCallResult> {
    const parts = (result: { outcome: string; output: string; code: string; images: ToolCallResult['images'] }) =>
      codeExecutionParts({ code: result.code, callId: call.id, outcome: result.outcome, output: result.output, images: result.images })
    const result = await this.params.tool.execute(call, {
      signal,
      onEvent: (event) => {
        this.params.emit(event)
        if (event.type === 'run-start') this.show(builtInMessage(parts({ code: event.code, outcome: '', output: '', images: [] }).slice(0, 1)))
      },
    })
    if (result.run) this.show(builtInMessage(parts({ ...result.run.result, code: result.run.code, images: result.images }).slice(1)))
    return result
  }

  private respond(results: ToolCallResult[]): void {
    // The Live API matches answers by id; a call without one cannot be answered.
    const answerable = results.filter((result) => result.call.id !== undefined)
    for (const result of answerable) this.unanswered.delete(result.call.id!)
    if (answerable.length > 0) {
      const functionResponses = liveFunctionResponses(answerable, this.params.multimodal)
      this.send((session) => session.sendToolResponse({ functionResponses }))
    }
    // Held user content goes after the answers, in the order the app sent it.
    this.flushHeld()
  }

  private settle(ids: readonly string[]): void {
    for (const id of ids) this.unanswered.delete(id)
    this.flushHeld()
  }

  private flushHeld(): void {
    if (this.unanswered.size > 0 || this.held.length === 0) return
    const held = this.held
    this.held = []
    this.send((session) => held.forEach((params) => session.sendClientContent(params)))
  }
}
