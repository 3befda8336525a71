/**
 * What `withLocalCodeExecution` and its chats share: the options, resolved
 * once, and the two ways to run one request (whole answer, or streamed).
 */
import type { GenerateContentParameters, GenerateContentResponse } from '@google/genai'
import type { CodeExecutor, FilePrivacy } from '../executor.ts'
import { createDefaultSandbox, type ManagedExecutor } from './default-sandbox.ts'
import type { EnvironmentDescription } from './description.ts'
import { emitter, type CodeExecutionEventListener } from './events.ts'
import { resolveLimits } from './loop.ts'
import type { GenAIClient } from './request.ts'
import { resolveRetryOptions, type RetryOptions } from './retry.ts'
import { AsyncQueue } from './stream.ts'
import { DEFAULT_FUNCTION_NAME, DEFAULT_TIMEOUT_MS, LocalCodeExecutionTool, type FunctionHandler } from './tool.ts'
import { runTurn, type TurnSettings } from './turn.ts'

export interface LocalCodeExecutionOptions {
  /**
   * The executor for `models.*` requests. Default: one `PythonSandbox`,
   * started on first use and shared by all `models.*` requests of this wrapper
   * (so variables persist between them).
   */
  sandbox?: CodeExecutor
  /** Makes the executor of each new chat. Default: a new `PythonSandbox` per chat. */
  createSandbox?: () => CodeExecutor | Promise<CodeExecutor>
  /** Name of the declared function. Default `'run_python'`. */
  functionName?: string
  /** Per-run deadline in ms, stated to the model. Default 30 000. */
  timeoutMs?: number
  /**
   * What the sandbox offers (libraries, files), for the tool description.
   * Default: asked of the executor (`PythonSandbox` reports its Python,
   * libraries and files), else Python 3.14 with the standard library only.
   */
  describeEnvironment?: () => EnvironmentDescription | Promise<EnvironmentDescription>
  /**
   * How much of the working directory's files the model sees: `'none'` (names
   * and sizes), `'preview'` (the first lines of text files; the default) or
   * `'full'` (their text, up to 32 KiB each). The files never leave the device.
   * Attachments in `contents` are also put into the working directory (as
   * `input_1.png`, …) whatever this says: the app already sends them to the
   * model, so their files reveal nothing new (and their content is not repeated).
   */
  filePrivacy?: FilePrivacy
  /** Handlers for the app's own `functionDeclarations`, by name. */
  functionHandlers?: Readonly<Record<string, FunctionHandler>>
  /** Regenerations after failed runs per request. Default 5, like the built-in tool. */
  maxRegenerations?: number
  /** Model requests per call, first included. Default 10. */
  maxRoundTrips?: number
  /** Retries of 429/500/503/504. See `RetryOptions` for defaults. */
  retry?: RetryOptions
  /** Images inside `functionResponse.parts`: `'auto'` (default) uses them on Gemini 3 and later. */
  multimodalFunctionResponses?: 'auto' | boolean
  /** Run start, live output, run end, retries: for UIs. */
  onEvent?: CodeExecutionEventListener
}

/** Per-call additions that the SDK's signatures have no room for. */
export interface CallOptions {
  onEvent?: CodeExecutionEventListener
}

/** Options resolved once, shared by the wrapper's models and chats. */
export interface Broker {
  client: GenAIClient
  settings: TurnSettings
  options: LocalCodeExecutionOptions
  makeTool(executor: CodeExecutor | (() => Promise<CodeExecutor>)): LocalCodeExecutionTool
  createSandbox(): Promise<ManagedExecutor>
}

export function createBroker(client: GenAIClient, options: LocalCodeExecutionOptions = {}): Broker {
  const settings: TurnSettings = {
    limits: resolveLimits({ maxRegenerations: options.maxRegenerations, maxRoundTrips: options.maxRoundTrips }),
    retry: resolveRetryOptions(options.retry),
    multimodalFunctionResponses: options.multimodalFunctionResponses ?? 'auto',
  }
  const functionName = options.functionName ?? DEFAULT_FUNCTION_NAME
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    client,
    settings,
    options,
    makeTool: (executor) =>
      new LocalCodeExecutionTool({
        executor,
        functionName,
        timeoutMs,
        describeEnvironment: options.describeEnvironment,
        filePrivacy: options.filePrivacy,
        functionHandlers: options.functionHandlers,
      }),
    createSandbox: async () => (options.createSandbox ? await options.createSandbox() : await createDefaultSandbox()),
  }
}

/** Runs one request; `sink` set means streaming. Requests without a code-execution tool go to the SDK untouched. */
export async function generate(params: {
  broker: Broker
  tool: LocalCodeExecutionTool
  request: GenerateContentParameters
  onEvent?: CodeExecutionEventListener
}): Promise<GenerateContentResponse> {
  const { broker } = params
  return runTurn({
    client: broker.client,
    request: params.request,
    tool: params.tool,
    settings: broker.settings,
    onEvent: emitter(broker.options.onEvent, params.onEvent),
  })
}

/**
 * Streams one request. The returned promise rejects when the first request
 * fails (as the SDK's does); later failures are thrown by the iterator.
 * Leaving the `for await` early cancels the request and stops running code.
 */
export async function generateStream(params: {
  broker: Broker
  tool: LocalCodeExecutionTool
  request: GenerateContentParameters
  onEvent?: CodeExecutionEventListener
  onDone?: (response: GenerateContentResponse) => void
}): Promise<AsyncGenerator<GenerateContentResponse>> {
  const { broker } = params
  const queue = new AsyncQueue<GenerateContentResponse>()
  const consumerLeft = new AbortController()
  void runTurn({
    client: broker.client,
    request: params.request,
    tool: params.tool,
    settings: broker.settings,
    onEvent: emitter(broker.options.onEvent, params.onEvent),
    sink: (chunk) => queue.push(chunk),
    signal: consumerLeft.signal,
  }).then(
    (response) => {
      params.onDone?.(response)
      queue.close()
    },
    (error: unknown) => queue.fail(error),
  )
  await queue.ready()
  return (async function* () {
    try {
      yield* queue.drain()
    } finally {
      consumerLeft.abort()
    }
  })()
}

