/**
 * Function calls and their answers as the broker sees them, whichever Gemini
 * API carried them. The loop, the tool and every wire conversion share these
 * types, so they live below all of them.
 */
import type { RunImage, RunResult } from '../protocol.ts'

/** A function call as the loop sees it, independent of the API that carried it. */
export interface ToolCall {
  id?: string
  name: string
  args: unknown
}

/** What answering one call produced. */
export interface ToolCallResult {
  call: ToolCall
  /** The JSON object the model receives as the function's response. */
  response: Record<string, unknown>
  /** Images for the model (and the caller) alongside the response. */
  images: RunImage[]
  /** Present when code actually ran. */
  run?: { code: string; result: RunResult }
  /** Whether this call counts as a failed attempt for the regeneration limit. */
  failed: boolean
}

export interface FunctionHandlerContext {
  call: ToolCall
  signal?: AbortSignal
}

/** Answers calls to one of the app's own functions. Return a JSON object or any value (wrapped as `{output}`). */
export type FunctionHandler = (args: Record<string, unknown>, context: FunctionHandlerContext) => unknown

/** Why a call was answered without being executed. */
export type RefusalReason = 'regeneration-limit' | 'round-trip-limit' | 'cancelled'
