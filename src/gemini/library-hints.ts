/**
 * What a turn tells about the libraries its code will import, in the shapes
 * of `@google/genai`, for `likelyLibraries` (src/packages/likely-libraries.ts).
 * The broker passes the guess to the executor as a hint (`CodeExecutor.preload`)
 * and knows nothing of how, or whether, it is acted on.
 */
import type { Content, Part } from '@google/genai'
import type { LibrarySignals } from '../packages/likely-libraries.ts'

/** The request as it goes out: the user's last message, the attachments, and the code the conversation ran. */
export function requestSignals(contents: readonly Content[], attachments: LibrarySignals['attachments']): LibrarySignals {
  const lastUser = [...contents].reverse().find((content) => content.role !== 'model')
  return {
    attachments,
    text: textsOf(lastUser?.parts ?? []),
    code: contents.flatMap((content) => (content.parts ?? []).flatMap((part) => codeOf(part))),
  }
}

/**
 * Parts of the model's answer as they stream in: its text and thoughts, and its calls' arguments.
 * `streamed` joins each text to the unfinished word its stream's last chunk ended on.
 */
export function partSignals(parts: readonly Part[], streamed?: StreamedText): LibrarySignals {
  const texts = streamed ? parts.flatMap((part) => (typeof part.text === 'string' ? [streamed(part.thought ? 'thought' : 'text', part.text)] : [])) : textsOf(parts)
  return { text: texts, code: parts.flatMap((part) => codeOf(part)) }
}

/** A stream's next piece of text, with the end of the word its previous piece was cut in. */
export type StreamedText = (stream: string | number, text: string) => string

/**
 * Streamed text is cut anywhere, in the middle of a library's name too
 * ("s" + "ympy"): each piece is scanned with the word fragment the piece
 * before it ended on, so a name is found once whole, and the work per piece
 * stays linear in the piece.
 */
export function streamedText(): StreamedText {
  const fragments = new Map<string | number, string>()
  return (stream, text) => {
    const joined = (fragments.get(stream) ?? '') + text
    fragments.set(stream, /[A-Za-z0-9_-]{0,64}$/.exec(joined)![0])
    return joined
  }
}

function textsOf(parts: readonly Part[]): string[] {
  return parts.flatMap((part) => (typeof part.text === 'string' ? [part.text] : []))
}

function codeOf(part: Part): string[] {
  if (typeof part.executableCode?.code === 'string') return [part.executableCode.code]
  if (part.functionCall?.args) return [JSON.stringify(part.functionCall.args)]
  return []
}
