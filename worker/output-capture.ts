/**
 * Captures what the code prints, up to a byte limit.
 *
 * The limit protects both sides: a `print` flood must not grow the worker's
 * memory without bound, nor flood the main thread with events. Bytes past
 * the limit are only counted, so the note at the end can say how much went.
 */
export type Stream = 'stdout' | 'stderr'

export interface CapturedOutput {
  stdout: string
  stderr: string
  truncated: boolean
  /** Bytes printed past the limit and not kept. */
  droppedBytes: number
}

export class OutputCapture {
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() }
  private readonly text = { stdout: '', stderr: '' }
  private keptBytes = 0
  private droppedBytes = 0

  /**
   * @param limitBytes bytes of stdout + stderr together that are kept
   * @param onText called with each kept piece, as it is printed
   */
  constructor(
    private readonly limitBytes: number,
    private readonly onText: (stream: Stream, text: string) => void = () => {},
  ) {}

  /** Takes bytes written by Python; returns how many were consumed (all of them). */
  write(stream: Stream, bytes: Uint8Array): number {
    const room = Math.max(0, this.limitBytes - this.keptBytes)
    const kept = bytes.length <= room ? bytes : bytes.subarray(0, room)
    this.droppedBytes += bytes.length - kept.length
    this.keptBytes += kept.length
    if (kept.length > 0) {
      const text = this.decoders[stream].decode(kept, { stream: true })
      if (text) {
        this.text[stream] += text
        this.onText(stream, text)
      }
    }
    return bytes.length
  }

  finish(): CapturedOutput {
    for (const stream of ['stdout', 'stderr'] as const) {
      // Flushes a multi-byte character cut by the limit as U+FFFD rather than losing it silently.
      this.text[stream] += this.decoders[stream].decode()
    }
    return {
      stdout: this.text.stdout,
      stderr: this.text.stderr,
      truncated: this.droppedBytes > 0,
      droppedBytes: this.droppedBytes,
    }
  }
}
