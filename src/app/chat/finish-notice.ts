/**
 * What the chat tells the user when an answer ended for a reason other than
 * the model being done: the answer shown is then cut short or missing, and
 * without a word the user would take it for the whole answer.
 */

/** Gemini's round-trip cap (and ours, which reports it the same way) stopped the code-execution loop. */
export const ROUND_TRIPS_NOTICE = 'Gemini stopped after the most round-trips one message may take. Send another message to let it go on.'

const BLOCKED = 'Gemini stopped this answer: it was blocked by the safety filters'

/** Keyed by `finishReason` as both @google/genai majors spell it. */
const NOTICES: Record<string, string> = {
  TOO_MANY_TOOL_CALLS: ROUND_TRIPS_NOTICE,
  MAX_TOKENS: 'The answer was cut short: the model reached its output limit. Ask it to go on, or for a shorter answer.',
  MALFORMED_FUNCTION_CALL: 'Gemini stopped this answer: the model wrote a tool call it could not parse. Send the message again.',
  SAFETY: `${BLOCKED}.`,
  PROHIBITED_CONTENT: `${BLOCKED} (prohibited content).`,
  BLOCKLIST: `${BLOCKED} (blocked terms).`,
  SPII: `${BLOCKED} (sensitive personal information).`,
  RECITATION: 'Gemini stopped this answer: it repeated too much of its training data.',
}

/** The notice for how an answer ended, or undefined when it ended normally (or for a reason with nothing to add). */
export function finishNotice(finishReason: string | undefined): string | undefined {
  return finishReason === undefined ? undefined : NOTICES[finishReason]
}
