/**
 * `withLocalCodeExecution(ai)`: the same `models`, `chats`, `interactions`
 * and `live` calls as `@google/genai`, with `tools: [{ codeExecution: {} }]`
 * (or, for `interactions.create`, `tools: [{ type: 'code_execution' }]`)
 * answered by Python running on this device instead of Google's servers.
 *
 * @example
 * const local = withLocalCodeExecution(new GoogleGenAI({ apiKey }))
 * const response = await local.models.generateContent({
 *   model: 'gemini-3-flash-preview',
 *   contents: 'What is the sum of the first 50 prime numbers?',
 *   config: { tools: [{ codeExecution: {} }] },
 * })
 * response.executableCode      // the code the model wrote
 * response.codeExecutionResult // what it printed, here
 * response.text                // the answer
 */
import type { GenerateContentParameters, GenerateContentResponse } from '@google/genai'
import type { CodeExecutor } from '../executor.ts'
import { createBroker, generate, generateStream, type CallOptions, type LocalCodeExecutionOptions } from './broker.ts'
import { LocalChat, type CreateLocalChatParameters } from './chats.ts'
import { createLocalInteractions, type LocalInteractions } from './interactions/local-interactions.ts'
import { createLocalLive, type LocalLive } from './live/local-live.ts'
import type { GenAIClient } from './request.ts'
import { hasCodeExecutionTool } from './shapes.ts'

export type { CallOptions, LocalCodeExecutionOptions } from './broker.ts'

export interface LocalModels {
  generateContent(params: GenerateContentParameters, options?: CallOptions): Promise<GenerateContentResponse>
  generateContentStream(params: GenerateContentParameters, options?: CallOptions): Promise<AsyncGenerator<GenerateContentResponse>>
}

export interface LocalChats {
  create(params: CreateLocalChatParameters): LocalChat
}

export interface LocalGenAI {
  models: LocalModels
  chats: LocalChats
  /** `interactions.create` with the local tool; shares the executor (and so the Python state) of `models.*`. */
  interactions: LocalInteractions
  /** `live.connect` with the local tool; each session has its own sandbox unless `sandbox` is set (see `LiveCallOptions`). */
  live: LocalLive
  /** The executor `models.*` and `interactions.*` requests use (started if needed). */
  getSandbox(): Promise<CodeExecutor>
}

export function withLocalCodeExecution(ai: GenAIClient, options: LocalCodeExecutionOptions = {}): LocalGenAI {
  const broker = createBroker(ai, options)
  let shared: Promise<CodeExecutor> | undefined
  const getSandbox = (): Promise<CodeExecutor> => {
    shared ??= options.sandbox ? Promise.resolve(options.sandbox) : broker.createSandbox()
    shared.catch(() => (shared = undefined))
    return shared
  }
  const tool = broker.makeTool(getSandbox)

  return {
    models: {
      generateContent: (request, callOptions) =>
        hasCodeExecutionTool(request.config?.tools)
          ? generate({ broker, tool, request, onEvent: callOptions?.onEvent })
          : ai.models.generateContent(request),
      generateContentStream: (request, callOptions) =>
        hasCodeExecutionTool(request.config?.tools)
          ? generateStream({ broker, tool, request, onEvent: callOptions?.onEvent })
          : ai.models.generateContentStream(request),
    },
    chats: {
      create: (params) => new LocalChat({ broker, ...params }),
    },
    interactions: createLocalInteractions({
      client: () => {
        if (!ai.interactions) throw new TypeError('This client has no interactions API: use @google/genai 2.32 or 3.x (GoogleGenAI.interactions).')
        return ai.interactions
      },
      tool,
      settings: broker.settings,
      onEvent: broker.options.onEvent,
    }),
    live: createLocalLive({
      client: () => {
        if (!ai.live) throw new TypeError('This client has no Live API: use @google/genai 2.32 or 3.x (GoogleGenAI.live).')
        return ai.live
      },
      broker,
    }),
    getSandbox,
  }
}
