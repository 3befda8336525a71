import { FinishReason } from '@google/genai'
import { describe, expect, test } from 'vitest'
import { finishNotice, ROUND_TRIPS_NOTICE } from '../../../src/app/chat/finish-notice.ts'

describe('the notice for how an answer ended', () => {
  test('an answer the model finished, or one with no reason given, gets none', () => {
    expect(finishNotice(undefined)).toBeUndefined()
    expect(finishNotice(FinishReason.STOP)).toBeUndefined()
    expect(finishNotice(FinishReason.FINISH_REASON_UNSPECIFIED)).toBeUndefined()
  })

  test('the round-trip cap says how to go on, in the same words as the Interactions API’s incomplete answer', () => {
    expect(finishNotice(FinishReason.TOO_MANY_TOOL_CALLS)).toBe(ROUND_TRIPS_NOTICE)
  })

  test('an answer cut short or blocked says so, for every such reason the SDK names', () => {
    expect(finishNotice(FinishReason.MAX_TOKENS)).toMatch(/^The answer was cut short: the model reached its output limit\./)
    for (const reason of [FinishReason.SAFETY, FinishReason.PROHIBITED_CONTENT, FinishReason.BLOCKLIST, FinishReason.SPII]) {
      expect(finishNotice(reason), reason).toMatch(/^Gemini stopped this answer: it was blocked by the safety filters/)
    }
    expect(finishNotice(FinishReason.RECITATION)).toMatch(/^Gemini stopped this answer/)
    expect(finishNotice(FinishReason.MALFORMED_FUNCTION_CALL)).toMatch(/^Gemini stopped this answer/)
  })
})
