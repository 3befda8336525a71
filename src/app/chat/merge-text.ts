/**
 * A streamed answer is recorded as many small text parts (one per chunk).
 * Shown or exported one by one they would cut Markdown apart (a table across
 * two blocks is no table), so consecutive plain text parts are joined first.
 */
import type { Part } from '@google/genai'

function isPlainText(part: Part): boolean {
  return typeof part.text === 'string' && !part.thought
}

export function mergeTextParts(parts: readonly Part[]): Part[] {
  const merged: Part[] = []
  for (const part of parts) {
    const last = merged.at(-1)
    if (last && isPlainText(last) && isPlainText(part)) merged[merged.length - 1] = { text: last.text! + part.text! }
    else merged.push(part)
  }
  return merged
}
