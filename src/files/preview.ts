/**
 * What the model may see of a file's content, by privacy setting. Only text
 * is shown; binary files are described by name, size and type alone.
 */
import type { FileDescription, FilePrivacy } from '../executor.ts'

export const PREVIEW_LINES = 5
const PREVIEW_LINE_CHARS = 200
/** Bytes read for a preview: enough for five long lines. */
export const PREVIEW_BYTES = 4 * 1024
/** Bytes of a text file shown in full mode; longer files are shown up to here. */
export const FULL_BYTES = 32 * 1024

/** How many bytes of a file to read for this setting. */
export function bytesToRead(privacy: FilePrivacy): number {
  return privacy === 'full' ? FULL_BYTES : privacy === 'preview' ? PREVIEW_BYTES : 0
}

export function describeFile(file: { name: string; size: number }, head: Uint8Array, privacy: FilePrivacy): FileDescription {
  const description: FileDescription = { name: file.name, size: file.size }
  if (privacy === 'none') return description
  const text = asText(head, head.length < file.size)
  if (text === undefined) return description
  if (privacy === 'full') {
    return { ...description, content: text, ...(head.length < file.size ? { partial: true } : {}) }
  }
  const lines = text.split('\n')
  const shown = lines.slice(0, PREVIEW_LINES).map((line) => (line.length > PREVIEW_LINE_CHARS ? `${line.slice(0, PREVIEW_LINE_CHARS)}…` : line))
  const partial = lines.length > PREVIEW_LINES || head.length < file.size || shown.some((line, i) => line !== lines[i])
  return { ...description, content: shown.join('\n'), ...(partial ? { partial: true } : {}) }
}

/** The bytes as text, or undefined when they are not UTF-8 text. */
function asText(bytes: Uint8Array, cut: boolean): string | undefined {
  let text: string
  try {
    // A read cut mid-character is fine: the stream flag keeps the partial character out.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut })
  } catch {
    return undefined
  }
  // Control characters other than tab, newline and carriage return mean a binary format.
  return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text
}
