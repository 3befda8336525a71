/**
 * A streamed answer arrives as many small text parts, one per chunk. Kept as
 * they came, a long streamed chat resends hundreds of fragments every turn,
 * and shown or exported one by one they cut Markdown apart (a table across two
 * blocks is no table). Adjacent text parts of one turn are joined, as the API
 * itself joins them in a unary answer:
 * - answer text joins answer text, thought text joins thought text;
 * - a thought signature stays with the text it came with, and two parts that
 *   each carry one are never joined (each signature belongs to its own part);
 * - a part with anything besides text, `thought` and a signature is left alone.
 */
import type { Content, Part } from '@google/genai'

const TEXT_FIELDS = new Set(['text', 'thought', 'thoughtSignature'])

function isPlainText(part: Part): boolean {
  return typeof part.text === 'string' && Object.keys(part).every((key) => TEXT_FIELDS.has(key))
}

function joinable(previous: Part, part: Part): boolean {
  return (
    isPlainText(previous) &&
    isPlainText(part) &&
    Boolean(previous.thought) === Boolean(part.thought) &&
    !(previous.thoughtSignature !== undefined && part.thoughtSignature !== undefined)
  )
}

export function mergeTextParts(parts: readonly Part[]): Part[] {
  const merged: Part[] = []
  for (const part of parts) {
    const previous = merged.at(-1)
    if (!previous || !joinable(previous, part)) {
      merged.push(part)
      continue
    }
    const joined: Part = { ...previous, text: previous.text! + part.text! }
    if (part.thoughtSignature !== undefined) joined.thoughtSignature = part.thoughtSignature
    merged[merged.length - 1] = joined
  }
  return merged
}

/** The same contents with the text parts of each model turn joined. */
export function mergeModelText(contents: readonly Content[]): Content[] {
  return contents.map((content) => (content.role === 'model' && content.parts ? { ...content, parts: mergeTextParts(content.parts) } : content))
}
