/**
 * What the current run has printed, as the main thread received it.
 *
 * If the worker has to be killed, this is the "output captured so far" the
 * result keeps. The worker already caps what it streams; the cap here holds
 * even if the code forges output events of its own.
 */
import type { PrintedSoFar } from './results.ts'

export class LiveOutput {
  private stdout = ''
  private stderr = ''
  private size = 0
  private truncated = false

  constructor(private readonly limit: number) {}

  /** Keeps the text if there is room; returns whether it was kept. */
  add(stream: 'stdout' | 'stderr', text: string): boolean {
    if (this.size + text.length > this.limit) {
      this.truncated = true
      return false
    }
    this.size += text.length
    if (stream === 'stdout') this.stdout += text
    else this.stderr += text
    return true
  }

  snapshot(): PrintedSoFar {
    return { stdout: this.stdout, stderr: this.stderr, truncated: this.truncated }
  }
}
