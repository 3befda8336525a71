/**
 * One caller request with the local code-execution tool: converts the
 * history, runs the loop over generateContent (or its stream), and assembles
 * the answer in the built-in shape.
 */
import {
  FinishReason,
  GenerateContentResponse,
  type Candidate,
  type Content,
  type GenerateContentParameters,
  type GenerateContentResponseUsageMetadata,
  type Part,
} from '@google/genai'
import { findAttachments } from './attachments.ts'
import { partSignals, requestSignals, streamedText } from './library-hints.ts'
import { isGeminiBrokerError, toGeminiError } from './errors.ts'
import { emitter, type CodeExecutionEventListener } from './events.ts'
import { builtInToWire, normalizeContents } from './history.ts'
import { runToolLoop, type LoopLimits, type LoopOutcome } from './loop.ts'
import { forceTextAnswer, requestOnce, resolveCallableTools, wireConfig, type GenAIClient, type RoundTripParams } from './request.ts'
import type { ResolvedRetryOptions } from './retry.ts'
import { builtInPartsForTurn, codeExecutionParts, functionCallsOf, functionResponseParts, supportsMultimodalFunctionResponses, visibleParts } from './shapes.ts'
import { ChunkWriter, streamRound } from './stream.ts'
import type { LocalCodeExecutionTool, ToolCall } from './tool.ts'
import { addUsage } from './usage.ts'

export interface TurnSettings {
  limits: LoopLimits
  retry: ResolvedRetryOptions
  /** `'auto'` decides from the model name. */
  multimodalFunctionResponses: 'auto' | boolean
}

export interface RunTurnParams {
  client: GenAIClient
  request: GenerateContentParameters
  tool: LocalCodeExecutionTool
  settings: TurnSettings
  onEvent?: CodeExecutionEventListener
  /** Streaming: where chunks go. Absent for a unary request. */
  sink?: (chunk: GenerateContentResponse) => void
  /** Stops the turn in addition to `config.abortSignal` (a stream consumer that left). */
  signal?: AbortSignal
}

interface WireTurn {
  content: Content
  calls: ToolCall[]
  response: GenerateContentResponse
}

function modelContent(response: GenerateContentResponse): Content {
  const content = response.candidates?.[0]?.content
  return { ...content, role: 'model', parts: content?.parts ?? [] }
}

export async function runTurn(params: RunTurnParams): Promise<GenerateContentResponse> {
  const { request, tool, settings } = params
  const signals = [request.config?.abortSignal, params.signal].filter((signal): signal is AbortSignal => signal !== undefined)
  const signal = AbortSignal.any(signals)
  const multimodal =
    settings.multimodalFunctionResponses === 'auto' ? supportsMultimodalFunctionResponses(request.model) : settings.multimodalFunctionResponses
  const emit = emitter(params.onEvent)
  const contents = normalizeContents(request.contents)
  const history = builtInToWire(contents, { functionName: tool.functionName, multimodal })
  const callables = await resolveCallableTools(request.config?.tools ?? [])
  // The user's attachments become files before the description is written, so that it lists them.
  const attachments = findAttachments(contents)
  const placed = await tool.placeAttachments(attachments)
  // From here until the code arrives the sandbox would sit idle: it may load what the code will likely import.
  tool.hintLibraries(requestSignals(contents, attachments))
  const config = wireConfig(request.config, callables.tools, await tool.declaration(placed), signal)
  const writer = params.sink ? new ChunkWriter(params.sink) : undefined
  const streamed = streamedText()

  const builtIn: Part[] = []
  let usage: GenerateContentResponseUsageMetadata | undefined
  let last: GenerateContentResponse | undefined

  const generate = async ({ forceFinal }: { forceFinal: boolean }): Promise<WireTurn> => {
    const round: RoundTripParams = {
      client: params.client,
      params: { model: request.model, contents: [...history], config: forceFinal ? forceTextAnswer(config) : config },
      retry: settings.retry,
      signal,
      onRetry: (notice) => emit({ type: 'retry', ...notice }),
    }
    const response = writer
      ? await streamRound({ round, writer, usageBefore: usage, onParts: (parts) => tool.hintLibraries(partSignals(parts, streamed)) })
      : await requestOnce(round)
    usage = addUsage(usage, response.usageMetadata)
    last = response
    const content = modelContent(response)
    current = { content, calls: functionCallsOf(content), response }
    return current
  }

  let current: WireTurn | undefined
  const execute = async (call: ToolCall) => {
    const result = await tool.execute(call, { signal, onEvent: emit, handlers: callables.handlers, attachments: placed.placed })
    if (writer && result.run) {
      const callParts = (current?.content.parts ?? []).filter((part) => part.functionCall)
      const parts = codeExecutionParts({
        code: result.run.code,
        callId: call.id,
        thoughtSignature: callParts[current?.calls.indexOf(call) ?? -1]?.thoughtSignature,
        outcome: result.run.result.outcome,
        output: result.run.result.output,
        images: result.images,
      })
      // The code first, then its result and images, as the built-in tool streams them.
      writer.push(chunkWith(parts.slice(0, 1)))
      writer.push(chunkWith(parts.slice(1)))
    }
    return result
  }

  try {
    const outcome = await runToolLoop<WireTurn>({
      limits: settings.limits,
      generate,
      execute,
      refuse: (call, reason) => tool.refuse(call, reason),
      submit: (turn, results) => {
        history.push(turn.content, { role: 'user', parts: functionResponseParts({ results, multimodal }) })
        builtIn.push(...builtInPartsForTurn({ content: turn.content, results }))
      },
      signal,
    })
    if (outcome.stoppedBy === 'answer') {
      // An empty turn (e.g. a blocked answer) is not recorded: the API rejects contents without parts.
      if ((outcome.lastTurn.content.parts ?? []).length > 0) history.push(outcome.lastTurn.content)
      builtIn.push(...visibleParts(outcome.lastTurn.content.parts))
    }
    const candidate = finalCandidate(last?.candidates?.[0], outcome, settings.limits)
    writer?.finish({ candidate, usage, history: [...history] })
    return assemble({ last, candidate, builtIn, usage, history })
  } catch (error) {
    const typed = toGeminiError(error, signal)
    if (isGeminiBrokerError(typed)) typed.history = [...history]
    throw typed
  }
}

/**
 * The last response's candidate, unless the round-trip cap ended the turn:
 * then the model never answered in text, which Gemini's own tool loop reports
 * as `TOO_MANY_TOOL_CALLS` (the finish reason the server-side loop gives when
 * it stops before a final answer).
 */
function finalCandidate(candidate: Candidate | undefined, outcome: LoopOutcome<unknown>, limits: LoopLimits): Candidate | undefined {
  if (outcome.stoppedBy !== 'round-trip-limit') return candidate
  return {
    ...candidate,
    finishReason: FinishReason.TOO_MANY_TOOL_CALLS,
    finishMessage: `The local code-execution tool stopped after ${limits.maxRoundTrips} model requests (maxRoundTrips) before the model answered in text.`,
  }
}

function chunkWith(parts: Part[]): GenerateContentResponse {
  const chunk = new GenerateContentResponse()
  chunk.candidates = [{ content: { role: 'model', parts }, index: 0 }]
  return chunk
}

function assemble(params: {
  last: GenerateContentResponse | undefined
  candidate: Candidate | undefined
  builtIn: Part[]
  usage: GenerateContentResponseUsageMetadata | undefined
  history: Content[]
}): GenerateContentResponse {
  const response = new GenerateContentResponse()
  const { last, candidate } = params
  if (candidate || params.builtIn.length > 0) response.candidates = [{ ...candidate, content: { role: 'model', parts: params.builtIn } }]
  if (last?.sdkHttpResponse) response.sdkHttpResponse = last.sdkHttpResponse
  if (last?.promptFeedback) response.promptFeedback = last.promptFeedback
  if (last?.modelVersion) response.modelVersion = last.modelVersion
  if (last?.responseId) response.responseId = last.responseId
  if (params.usage) response.usageMetadata = params.usage
  // The real conversation, final answer included: send it back (plus the next
  // user message) to continue exactly where this request ended.
  response.automaticFunctionCallingHistory = [...params.history]
  return response
}
