/**
 * The local code-execution tool: one function declaration (`run_python`) and
 * the code that answers calls to it, plus calls to the app's own functions.
 *
 * `execute` works on API-neutral calls and results so the same tool serves
 * generateContent and the Interactions API. `tool()` and `callTool()`
 * give it the shape of the SDK's `CallableTool`.
 *
 * Every failure here (bad arguments, unknown function, a sandbox that crashed,
 * a handler that threw) becomes a result the model reads; nothing throws.
 */
import { Type, type CallableTool, type FunctionCall, type FunctionDeclaration, type Part, type Tool } from '@google/genai'
import type { CodeExecutor, DescribedExecutor, FilePrivacy } from '../executor.ts'
import { likelyLibraries, type LibrarySignals } from '../packages/likely-libraries.ts'
import type { RunResult } from '../protocol.ts'
import { placeAttachments, type AttachmentReport } from './attachment-files.ts'
import type { FunctionHandler, RefusalReason, ToolCall, ToolCallResult } from './calls.ts'
import type { Attachment } from './attachments.ts'
import { describeCodeExecution, type EnvironmentDescription } from './description.ts'
import { emitter, type CodeExecutionEventListener } from './events.ts'
import { functionResponseParts, supportsMultimodalFunctionResponses } from './shapes.ts'
import { errorMessage as messageOf } from '../error-message.ts'

export type { FunctionHandler, FunctionHandlerContext, RefusalReason, ToolCall, ToolCallResult } from './calls.ts'

export interface CodeExecutionToolOptions {
  /** The executor, or a function that provides it when code first runs. */
  executor: CodeExecutor | (() => Promise<CodeExecutor>)
  /** Default `'run_python'`. */
  functionName?: string
  /** Per-run deadline in ms, also stated in the description. Default 30 000. */
  timeoutMs?: number
  /**
   * What the sandbox offers; called for each request so the file list stays
   * current. Default: the executor's own `environment()` when it has one
   * (`PythonSandbox` does), else a bare Python 3.14.
   */
  describeEnvironment?: () => EnvironmentDescription | Promise<EnvironmentDescription>
  /** How much of the files' content the model sees when the executor describes itself. Default `'preview'`. */
  filePrivacy?: FilePrivacy
  /** Handlers for functions the app declares itself, by name. */
  functionHandlers?: Readonly<Record<string, FunctionHandler>>
  /** For `callTool`: the model, which decides where images go. */
  model?: string
  onEvent?: CodeExecutionEventListener
}

export interface ExecuteContext {
  signal?: AbortSignal
  onEvent?: CodeExecutionEventListener
  /** Handlers for this request only (e.g. `CallableTool`s in `config.tools`), after the registered ones. */
  handlers?: Readonly<Record<string, FunctionHandler>>
  /**
   * The request's attachments, put back before each run if another request
   * on the same executor replaced them meanwhile (a no-op otherwise).
   */
  attachments?: readonly Attachment[]
}

export const DEFAULT_FUNCTION_NAME = 'run_python'
export const DEFAULT_TIMEOUT_MS = 30_000

const REFUSALS: Record<RefusalReason, string> = {
  'regeneration-limit':
    'Not run: the limit on regenerating code after errors was reached for this request. Do not call any function again; answer with what you have.',
  'round-trip-limit': 'Not run: the limit on tool round-trips was reached for this request. Answer with what you have.',
  cancelled: 'Not run: the user cancelled the request.',
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : messageOf(error)
}

/**
 * The model already has the attachments in the conversation: a preview of
 * their files in the description would only repeat them.
 */
function withoutAttachmentContent(environment: EnvironmentDescription | undefined, report: AttachmentReport | undefined): EnvironmentDescription | undefined {
  if (!environment?.files || !report || report.placed.length === 0) return environment
  const attached = new Set(report.placed.map((attachment) => attachment.name))
  const files = environment.files.map((file) => {
    if (typeof file === 'string' || !attached.has(file.name)) return file
    const { content: _content, partial: _partial, ...rest } = file
    return rest
  })
  return { ...environment, files }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export class LocalCodeExecutionTool implements CallableTool {
  readonly functionName: string
  readonly timeoutMs: number
  private readonly options: CodeExecutionToolOptions
  private executorPromise: Promise<CodeExecutor> | undefined

  constructor(options: CodeExecutionToolOptions) {
    this.options = options
    this.functionName = options.functionName ?? DEFAULT_FUNCTION_NAME
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  /** Names this tool answers: the code function and the app's handlers. */
  handles(name: string): boolean {
    return name === this.functionName || Object.hasOwn(this.options.functionHandlers ?? {}, name)
  }

  /**
   * The function declaration the model sees. Pass the report of
   * `placeAttachments` (called first, so the file list includes them) to tell
   * the model which attachment is which file.
   */
  async declaration(attachments?: AttachmentReport): Promise<FunctionDeclaration> {
    const environment = this.options.describeEnvironment
      ? await this.options.describeEnvironment()
      : await this.executorEnvironment()
    return {
      name: this.functionName,
      description: describeCodeExecution({ environment: withoutAttachmentContent(environment, attachments), timeoutMs: this.timeoutMs, attachments }),
      parameters: {
        type: Type.OBJECT,
        properties: {
          code: { type: Type.STRING, description: 'The complete Python program to run. Print every result you need.' },
        },
        required: ['code'],
      },
    }
  }

  /**
   * The executor's own account of itself. A sandbox that cannot start must not
   * fail the request here: the model then gets the plain description, and the
   * failure surfaces, as data, when code first runs.
   */
  private async executorEnvironment(): Promise<EnvironmentDescription | undefined> {
    try {
      const executor = (await this.executor()) as Partial<DescribedExecutor>
      return await executor.environment?.({ filePrivacy: this.options.filePrivacy ?? 'preview' })
    } catch {
      return undefined
    }
  }

  /**
   * Puts the conversation's attachments (see `findAttachments`) into the
   * executor's working directory when it can take files. Never throws: a
   * sandbox that cannot start is reported like a refused file.
   */
  async placeAttachments(attachments: readonly Attachment[]): Promise<AttachmentReport> {
    if (attachments.length === 0) return { placed: [], failed: [], unsupported: false }
    try {
      return await placeAttachments(await this.executor(), attachments)
    } catch (error) {
      const reason = `the sandbox did not start (${errorMessage(error)})`
      return { placed: [], failed: attachments.map((attachment) => ({ attachment, reason })), unsupported: false }
    }
  }

  /**
   * Tells the executor which libraries these signals point at, so it can load
   * them while the model writes the code (`CodeExecutor.preload`). Never
   * throws and never waits: a hint is only a hint.
   */
  hintLibraries(signals: LibrarySignals): void {
    const libraries = likelyLibraries(signals)
    if (libraries.length === 0) return
    void this.executor().then((executor) => executor.preload?.(libraries), () => {})
  }

  async tool(): Promise<Tool> {
    return { functionDeclarations: [await this.declaration()] }
  }

  /** `CallableTool.callTool`: answers the calls this tool handles, in order, as function response parts. */
  async callTool(functionCalls: FunctionCall[]): Promise<Part[]> {
    const results: ToolCallResult[] = []
    for (const call of functionCalls) {
      if (!call.name || !this.handles(call.name)) continue
      results.push(await this.execute({ id: call.id, name: call.name, args: call.args }))
    }
    return functionResponseParts({ results, multimodal: supportsMultimodalFunctionResponses(this.options.model ?? '') })
  }

  async execute(call: ToolCall, context: ExecuteContext = {}): Promise<ToolCallResult> {
    const emit = emitter(this.options.onEvent, context.onEvent)
    if (call.name === this.functionName) return this.runCode(call, context, emit)
    const handlers = { ...context.handlers, ...this.options.functionHandlers }
    const handler = Object.hasOwn(handlers, call.name) ? handlers[call.name] : undefined
    if (handler) {
      emit({ type: 'function-call', callId: call.id, name: call.name, args: call.args })
      return this.callHandler(call, handler, context.signal)
    }
    const known = [this.functionName, ...Object.keys(handlers)].join(', ')
    return {
      call,
      response: { error: `Unknown function "${call.name}". Available functions: ${known}.` },
      images: [],
      failed: true,
    }
  }

  /** The answer to a call that is deliberately not executed. */
  refuse(call: ToolCall, reason: RefusalReason): ToolCallResult {
    return { call, response: { error: REFUSALS[reason] }, images: [], failed: false }
  }

  private executor(): Promise<CodeExecutor> {
    const source = this.options.executor
    this.executorPromise ??= typeof source === 'function' ? source() : Promise.resolve(source)
    // A failed start must not poison later calls: the next call tries again.
    this.executorPromise.catch(() => (this.executorPromise = undefined))
    return this.executorPromise
  }

  private async runCode(call: ToolCall, context: ExecuteContext, emit: CodeExecutionEventListener): Promise<ToolCallResult> {
    const { signal } = context
    const code = isPlainObject(call.args) ? call.args['code'] : undefined
    if (typeof code !== 'string' || code.trim() === '') {
      const problem = code === undefined ? 'is missing' : typeof code !== 'string' ? `must be a string, not ${typeof code}` : 'is empty'
      return {
        call,
        response: { error: `Invalid arguments: "code" ${problem}. Call ${this.functionName} with {"code": "<python source>"}.` },
        images: [],
        failed: true,
      }
    }
    emit({ type: 'run-start', callId: call.id, code })
    let result: RunResult
    try {
      const executor = await this.executor()
      if (context.attachments) await placeAttachments(executor, context.attachments)
      result = await executor.run(code, {
        timeoutMs: this.timeoutMs,
        signal,
        onOutput: (chunk) => emit({ type: 'output', callId: call.id, stream: chunk.stream, text: chunk.text }),
      })
    } catch (error) {
      // The sandbox itself failed (did not load, worker crashed): the model is told, the loop goes on.
      const message = `The sandbox failed before the code could finish: ${errorMessage(error)}`
      result = { outcome: 'OUTCOME_FAILED', output: message, stdout: '', stderr: message, images: [], files: [], durationMs: 0, truncated: false }
    }
    emit({ type: 'run-end', callId: call.id, code, result })
    const response: Record<string, unknown> = { outcome: result.outcome, output: result.output }
    if (result.error) response['errorType'] = result.error.type
    const notes: string[] = []
    if (signal?.aborted) notes.push('The user cancelled this run; the output is what it printed before it was stopped.')
    if (result.stateLost) notes.push('The Python process was restarted to stop this run: variables and imports from earlier runs are gone.')
    if (result.images.length > 0) notes.push(`The run produced ${result.images.length} image(s), attached.`)
    if (notes.length > 0) response['note'] = notes.join(' ')
    return { call, response, images: result.images, run: { code, result }, failed: result.outcome !== 'OUTCOME_OK' }
  }

  private async callHandler(call: ToolCall, handler: FunctionHandler, signal: AbortSignal | undefined): Promise<ToolCallResult> {
    try {
      const value = await handler(isPlainObject(call.args) ? call.args : {}, { call, signal })
      return { call, response: isPlainObject(value) ? value : { output: value ?? null }, images: [], failed: false }
    } catch (error) {
      return { call, response: { error: errorMessage(error) }, images: [], failed: false }
    }
  }
}
