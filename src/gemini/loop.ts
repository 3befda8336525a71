/**
 * The tool loop: ask the model, answer its calls, repeat until it answers in
 * text. It knows nothing about which Gemini API carries the turns: the caller
 * supplies `generate` (one model request) and `submit` (record a turn and its
 * answers), so generateContent and the Interactions API share these rules.
 *
 * Rules, as with Gemini's built-in code execution:
 * - after a failed attempt the model may regenerate code, up to
 *   `maxRegenerations` times per request; past that, further calls are
 *   answered with an error and the next request forces a text answer;
 * - at most `maxRoundTrips` model requests; the last one forces a text answer;
 * - parallel calls run one after another, in the order the model gave them.
 */
import { GeminiAbortError } from './errors.ts'
import type { RefusalReason, ToolCall, ToolCallResult } from './calls.ts'

export interface LoopLimits {
  /** Regenerations allowed after failed attempts. Default 5 (the built-in tool's). */
  maxRegenerations: number
  /** Model requests per call, including the first. Default 10. */
  maxRoundTrips: number
}

export const DEFAULT_LIMITS: LoopLimits = { maxRegenerations: 5, maxRoundTrips: 10 }

export function resolveLimits(limits: Partial<LoopLimits> = {}): LoopLimits {
  return {
    maxRegenerations: Math.max(0, Math.floor(limits.maxRegenerations ?? DEFAULT_LIMITS.maxRegenerations)),
    maxRoundTrips: Math.max(1, Math.floor(limits.maxRoundTrips ?? DEFAULT_LIMITS.maxRoundTrips)),
  }
}

export interface LoopState {
  /** Model requests made so far. */
  roundTrips: number
  /** Calls that failed (errors, bad arguments, unknown functions). */
  failures: number
}

/** Each failure but the first is answered by a regeneration; more failures than allowed regenerations ends the attempts. */
export function regenerationLimitReached(state: LoopState, limits: LoopLimits): boolean {
  return state.failures > limits.maxRegenerations
}

/** The next request must produce text: regenerations are used up, or it is the last round-trip allowed. */
export function mustForceFinalAnswer(state: LoopState, limits: LoopLimits): boolean {
  return regenerationLimitReached(state, limits) || state.roundTrips + 1 >= limits.maxRoundTrips
}

/** Why a call will not be executed, or `undefined` when it may run. */
export function refusalFor(state: LoopState, limits: LoopLimits, signal?: AbortSignal): RefusalReason | undefined {
  if (signal?.aborted) return 'cancelled'
  if (regenerationLimitReached(state, limits)) return 'regeneration-limit'
  if (state.roundTrips >= limits.maxRoundTrips) return 'round-trip-limit'
  return undefined
}

export interface LoopTurn {
  calls: ToolCall[]
}

export interface RunToolLoopParams<Turn extends LoopTurn> {
  limits: LoopLimits
  /** One model request. `forceFinal` asks for a text answer (no function calls). */
  generate: (request: { forceFinal: boolean; roundTrip: number }) => Promise<Turn>
  /** Answers one call. Must not throw: failures are results. */
  execute: (call: ToolCall) => Promise<ToolCallResult>
  /** The answer to a call that is not executed. */
  refuse: (call: ToolCall, reason: RefusalReason) => ToolCallResult
  /** Records a model turn and the answers to all its calls, before the next request. */
  submit: (turn: Turn, results: ToolCallResult[]) => void
  signal?: AbortSignal
}

export interface LoopOutcome<Turn> {
  /** The last model turn: the text answer, or a turn whose calls were refused at the round-trip limit. */
  lastTurn: Turn
  /** `round-trip-limit` when the model still made calls on the last request allowed. */
  stoppedBy: 'answer' | 'round-trip-limit'
  state: LoopState
}

export async function runToolLoop<Turn extends LoopTurn>(params: RunToolLoopParams<Turn>): Promise<LoopOutcome<Turn>> {
  const { limits, signal } = params
  const state: LoopState = { roundTrips: 0, failures: 0 }
  for (;;) {
    if (signal?.aborted) throw new GeminiAbortError()
    const forceFinal = mustForceFinalAnswer(state, limits)
    const turn = await params.generate({ forceFinal, roundTrip: state.roundTrips })
    state.roundTrips++
    if (turn.calls.length === 0) return { lastTurn: turn, stoppedBy: 'answer', state }

    const results: ToolCallResult[] = []
    for (const call of turn.calls) {
      const refusal = refusalFor(state, limits, signal)
      if (refusal) {
        results.push(params.refuse(call, refusal))
        continue
      }
      const result = await params.execute(call)
      if (result.failed) state.failures++
      results.push(result)
    }
    // Every call is answered before anything else happens, so the recorded
    // history stays valid even when the request ends here.
    params.submit(turn, results)
    if (signal?.aborted) throw new GeminiAbortError()
    if (state.roundTrips >= limits.maxRoundTrips) return { lastTurn: turn, stoppedBy: 'round-trip-limit', state }
  }
}
