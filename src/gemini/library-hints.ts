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

/** Parts of the model's answer as they stream in: its text and thoughts, and its calls' arguments. */
export function partSignals(parts: readonly Part[]): LibrarySignals {
  return { text: textsOf(parts), code: parts.flatMap((part) => codeOf(part)) }
}

function textsOf(parts: readonly Part[]): string[] {
  return parts.flatMap((part) => (typeof part.text === 'string' ? [part.text] : []))
}

function codeOf(part: Part): string[] {
  if (typeof part.executableCode?.code === 'string') return [part.executableCode.code]
  if (part.functionCall?.args) return [JSON.stringify(part.functionCall.args)]
  return []
}
