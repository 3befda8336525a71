/**
 * `withLocalCodeExecution(ai)`: the same `models` and `chats` calls as
 * `@google/genai`, with `tools: [{ codeExecution: {} }]` answered by Python
 * running on this device instead of Google's servers.
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
  /** The executor `models.*` requests use (started if needed). */
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
    getSandbox,
  }
}
