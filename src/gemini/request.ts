/**
 * The request the broker sends on each round-trip, derived once from the
 * caller's request, and the one model request itself (with retries and typed
 * errors).
 */
import {
  FunctionCallingConfigMode,
  type GenerateContentConfig,
  type GenerateContentParameters,
  type GenerateContentResponse,
  type CallableTool,
  type FunctionDeclaration,
  type Tool,
  type ToolUnion,
} from '@google/genai'
import { toGeminiError } from './errors.ts'
import { withRetry, type ResolvedRetryOptions, type RetryNotice } from './retry.ts'
import type { GenAIInteractions } from './interactions/wire.ts'
import type { GenAILive } from './live/wire.ts'
import { prepareTools } from './shapes.ts'
import type { FunctionHandler } from './calls.ts'

/** The part of `GoogleGenAI` the broker uses; any object with these two methods works. */
export interface GenAIModels {
  generateContent(params: GenerateContentParameters): Promise<GenerateContentResponse>
  generateContentStream(params: GenerateContentParameters): Promise<AsyncGenerator<GenerateContentResponse>>
}

export interface GenAIClient {
  models: GenAIModels
  /** `GoogleGenAI.interactions`; needed only for `withLocalCodeExecution(ai).interactions`. */
  interactions?: GenAIInteractions
  /** `GoogleGenAI.live`; needed only for `withLocalCodeExecution(ai).live`. */
  live?: GenAILive
}

function isCallableTool(tool: ToolUnion): tool is CallableTool {
  return 'callTool' in tool && typeof tool.callTool === 'function'
}

/**
 * `CallableTool`s in `config.tools` (the SDK's own tools, MCP tools) become
 * plain declarations on the wire and handlers for this request.
 */
export async function resolveCallableTools(tools: readonly ToolUnion[]): Promise<{ tools: Tool[]; handlers: Record<string, FunctionHandler> }> {
  const handlers: Record<string, FunctionHandler> = {}
  const resolved: Tool[] = []
  for (const tool of tools) {
    if (!isCallableTool(tool)) {
      resolved.push(tool)
      continue
    }
    const declared = await tool.tool()
    resolved.push(declared)
    for (const declaration of declared.functionDeclarations ?? []) {
      if (!declaration.name) continue
      handlers[declaration.name] = async (args, { call }) => {
        const parts = await tool.callTool([{ ...(call.id !== undefined ? { id: call.id } : {}), name: call.name, args }])
        return parts.find((part) => part.functionResponse)?.functionResponse?.response ?? {}
      }
    }
  }
  return { tools: resolved, handlers }
}

/** The caller's config with the local tool in place of the built-in one. */
export function wireConfig(config: GenerateContentConfig | undefined, tools: readonly Tool[], declaration: FunctionDeclaration, signal: AbortSignal): GenerateContentConfig {
  return {
    ...config,
    tools: prepareTools(tools, declaration),
    // The broker answers calls itself; the SDK must never run its own loop.
    automaticFunctionCalling: { ...config?.automaticFunctionCalling, disable: true },
    abortSignal: signal,
  }
}

/** The same config, asking for a text answer: function calling mode NONE. */
export function forceTextAnswer(config: GenerateContentConfig): GenerateContentConfig {
  const { allowedFunctionNames: _ignored, ...functionCallingConfig } = config.toolConfig?.functionCallingConfig ?? {}
  return {
    ...config,
    toolConfig: { ...config.toolConfig, functionCallingConfig: { ...functionCallingConfig, mode: FunctionCallingConfigMode.NONE } },
  }
}

export interface RoundTripParams {
  client: GenAIClient
  params: GenerateContentParameters
  retry: ResolvedRetryOptions
  signal: AbortSignal
  onRetry: (notice: RetryNotice) => void
}

/** One unary model request, retried on transient failures. */
export function requestOnce(round: RoundTripParams): Promise<GenerateContentResponse> {
  return retried(round, () => round.client.models.generateContent(round.params))
}

/** Opens one streaming model request, retried on transient failures (only before the first chunk). */
export function openStream(round: RoundTripParams): Promise<AsyncGenerator<GenerateContentResponse>> {
  return retried(round, () => round.client.models.generateContentStream(round.params))
}

/** Runs `call` under the round's retry policy, with the SDK's errors turned into ours. */
function retried<T>(round: RoundTripParams, call: () => Promise<T>): Promise<T> {
  return withRetry({
    operation: () =>
      call().catch((error: unknown) => {
        throw toGeminiError(error, round.signal)
      }),
    options: round.retry,
    signal: round.signal,
    onRetry: round.onRetry,
  })
}
