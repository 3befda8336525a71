/**
 * A conversation over the Interactions API: the library's
 * `withLocalCodeExecution(ai).interactions.create`, streamed, each message
 * continuing from the conversation's last interaction. One per open
 * conversation, with its own sandbox, so Python variables persist between
 * messages as they do in a generateContent chat.
 */
import type { GoogleGenAI, Part } from '@google/genai'
import { withLocalCodeExecution, type Attachment, type CodeExecutionEvent, type CodeExecutor, type LocalGenAI, type PythonSandbox } from '../../index.ts'
import { StreamedAnswer, toInteractionInput } from './interaction-answer.ts'

export interface InteractionsChatParams {
  client: GoogleGenAI
  /** Makes the chat's sandbox, on first use. */
  createSandbox: () => PythonSandbox
  /** Deadline of each run of code. */
  timeoutMs: number
}

export interface InteractionSendParams {
  model: string
  /** The conversation's last interaction; absent for its first message. */
  previousId: string | undefined
  message: Part[]
  /** The conversation's attachments so far, so that new files are numbered after them even after a reload. */
  priorAttachments: readonly Attachment[]
  signal: AbortSignal
  onEvent: (event: CodeExecutionEvent) => void
  /** The answer so far, after every streamed event. */
  onParts: (parts: Part[]) => void
}

export interface InteractionAnswer {
  parts: Part[]
  interactionId: string | undefined
  status: string | undefined
}

export class InteractionsChat {
  private readonly local: LocalGenAI
  private sandbox: PythonSandbox | undefined

  constructor(params: InteractionsChatParams) {
    this.local = withLocalCodeExecution(params.client, {
      createSandbox: () => (this.sandbox = params.createSandbox()),
      timeoutMs: params.timeoutMs,
    })
  }

  /** Sends one message and streams the answer; rejects with the library's typed errors (`GeminiApiError`, `GeminiAbortError`, …). */
  async send(params: InteractionSendParams): Promise<InteractionAnswer> {
    const outcomes = new Map<string, string>()
    const stream = await this.local.interactions.create(
      {
        model: params.model,
        input: toInteractionInput(params.message),
        tools: [{ type: 'code_execution' }],
        stream: true,
        ...(params.previousId ? { previous_interaction_id: params.previousId } : {}),
      },
      {
        signal: params.signal,
        priorAttachments: params.priorAttachments,
        onEvent: (event) => {
          // The built-in step says only whether a run failed; the event says how (e.g. the time limit).
          if (event.type === 'run-end' && event.callId) outcomes.set(event.callId, event.result.outcome)
          params.onEvent(event)
        },
      },
    )
    const answer = new StreamedAnswer(outcomes)
    for await (const event of stream) {
      answer.apply(event)
      params.onParts(answer.parts())
    }
    return { parts: answer.parts(), interactionId: answer.interactionId, status: answer.status }
  }

  getSandbox(): Promise<CodeExecutor> {
    return this.local.getSandbox()
  }

  /** Starts this chat's Python over: new variables, imports and files. */
  async resetSandbox(): Promise<void> {
    await this.sandbox?.reset()
  }

  dispose(): void {
    this.sandbox?.dispose()
    this.sandbox = undefined
  }
}
