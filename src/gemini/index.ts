/**
 * The Gemini broker: Gemini's code-execution tool, answered by a local
 * `CodeExecutor`. Re-exported from the package root.
 */
export {
  withLocalCodeExecution,
  type CallOptions,
  type LocalChats,
  type LocalCodeExecutionOptions,
  type LocalGenAI,
  type LocalModels,
} from './with-local-code-execution.ts'
export { LocalChat, type CreateLocalChatParameters, type SendMessageParameters } from './chats.ts'
export type { LocalInteractions, InteractionCallOptions } from './interactions/local-interactions.ts'
export type { GenAIInteractions } from './interactions/wire.ts'
export type { EventStream } from './interactions/event-stream.ts'
export type { LocalLive, LiveCallOptions } from './live/local-live.ts'
export type { LocalLiveSession } from './live/session.ts'
export type { SandboxOnClose } from './live/sandboxes.ts'
export type { GenAILive, GenAILiveSession } from './live/wire.ts'
export {
  LocalCodeExecutionTool,
  DEFAULT_FUNCTION_NAME,
  DEFAULT_TIMEOUT_MS,
  type CodeExecutionToolOptions,
  type ExecuteContext,
  type FunctionHandler,
  type FunctionHandlerContext,
  type RefusalReason,
  type ToolCall,
  type ToolCallResult,
} from './tool.ts'
export {
  runToolLoop,
  resolveLimits,
  mustForceFinalAnswer,
  regenerationLimitReached,
  DEFAULT_LIMITS,
  type LoopLimits,
  type LoopOutcome,
  type LoopState,
  type LoopTurn,
  type RunToolLoopParams,
} from './loop.ts'
export { describeCodeExecution, DEFAULT_PYTHON_VERSION, type EnvironmentDescription, type LibraryInfo } from './description.ts'
export { findAttachments, extensionFor, type Attachment } from './attachments.ts'
export { placeAttachments, acceptsFiles, type AttachmentReport } from './attachment-files.ts'
export { builtInToWire, wireToBuiltIn, normalizeContents, SKIP_THOUGHT_SIGNATURE } from './history.ts'
export { functionResponseParts, prepareTools, supportsMultimodalFunctionResponses, isCodeExecutionTool, hasCodeExecutionTool } from './shapes.ts'
export {
  GeminiApiError,
  GeminiNetworkError,
  GeminiAbortError,
  isGeminiBrokerError,
  toGeminiError,
  type GeminiBrokerError,
} from './errors.ts'
export { computeRetryDelay, resolveRetryOptions, withRetry, DEFAULT_RETRY_STATUSES, type RetryOptions, type RetryNotice } from './retry.ts'
export type { CodeExecutionEvent, CodeExecutionEventListener } from './events.ts'
export type { GenAIClient, GenAIModels } from './request.ts'
