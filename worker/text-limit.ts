/**
 * Cuts long text to a byte budget, saying how much went: for the error of a
 * run, which the output limit covers as it covers what the code printed. A
 * `raise ValueError("x" * 10**7)` must not bring ten megabytes back.
 */
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Keeps the start of `text`, within `limitBytes` of UTF-8, and ends it with a note. */
export function keepStart(text: string, limitBytes: number, what: string): string {
  const bytes = utf8(text, limitBytes)
  if (bytes === undefined) return text
  const kept = boundaryBefore(bytes, limitBytes)
  return `${decoder.decode(bytes.subarray(0, kept))}${cutNote(bytes.length - kept, what, limitBytes)}`
}

/**
 * Keeps the start and the end of `text` within `limitBytes`, with a note where
 * the middle was: a traceback's first frames say where it went wrong, its last
 * line what went wrong.
 */
export function keepEnds(text: string, limitBytes: number, what: string): string {
  const bytes = utf8(text, limitBytes)
  if (bytes === undefined) return text
  const head = boundaryBefore(bytes, Math.floor(limitBytes / 2))
  const tail = boundaryAfter(bytes, bytes.length - (limitBytes - head))
  const note = cutNote(tail - head, what, limitBytes)
  return `${decoder.decode(bytes.subarray(0, head))}${note}${decoder.decode(bytes.subarray(tail))}`
}

function cutNote(droppedBytes: number, what: string, limitBytes: number): string {
  return `\n[${what} cut: ${droppedBytes.toLocaleString('en-US')} more bytes than the output limit of ${limitBytes.toLocaleString('en-US')} bytes keeps]\n`
}

/** The UTF-8 bytes of `text`, or undefined when they fit: most text is short, and never encoded. */
function utf8(text: string, limitBytes: number): Uint8Array | undefined {
  // A UTF-16 code unit is at most 3 bytes of UTF-8.
  if (text.length * 3 <= limitBytes) return undefined
  const bytes = encoder.encode(text)
  return bytes.length <= limitBytes ? undefined : bytes
}

/** The largest character boundary ≤ `at`, so no character is split. */
function boundaryBefore(bytes: Uint8Array, at: number): number {
  let index = Math.max(0, Math.min(at, bytes.length))
  while (index > 0 && index < bytes.length && isContinuation(bytes[index]!)) index--
  return index
}

/** The smallest character boundary ≥ `at`. */
function boundaryAfter(bytes: Uint8Array, at: number): number {
  let index = Math.max(0, Math.min(at, bytes.length))
  while (index < bytes.length && isContinuation(bytes[index]!)) index++
  return index
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80
}
