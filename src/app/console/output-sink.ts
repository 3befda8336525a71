/**
 * Streamed output without freezing the page. Chunks are queued and written
 * once per animation frame, as one new block per frame (coloured spans inside
 * only where stdout and stderr alternate). Earlier blocks are never touched
 * again, so the browser lays out only what is new, and `content-visibility`
 * (in the stylesheet) lets it skip the blocks scrolled out of view. A flood
 * of 20,000 lines is then a few dozen small DOM writes, not 20,000 spans or
 * one ever-growing text node laid out again every frame.
 *
 * A frame writes whole lines only (the rest waits for its newline or the end
 * of the run), so a line is never split across two blocks.
 */
export type OutputKind = 'stdout' | 'stderr' | 'value' | 'error' | 'note'

/** At most this much text is laid out per frame; a flood drains over a few frames instead of one long one. */
export const MAX_CHARS_PER_FRAME = 16 * 1024

export class OutputSink {
  private queue: Array<{ kind: OutputKind; text: string }> = []
  private frame: number | undefined
  private follow = true
  private final = false
  private drainedWaiters: Array<() => void> = []

  constructor(private readonly element: HTMLElement) {
    // Keep following the end unless the user scrolls up to read.
    element.addEventListener('scroll', () => (this.follow = element.scrollHeight - element.scrollTop - element.clientHeight < 40), { passive: true })
  }

  write(kind: OutputKind, text: string): void {
    if (text === '') return
    const tail = this.queue.at(-1)
    if (tail?.kind === kind) tail.text += text
    else this.queue.push({ kind, text })
    this.frame ??= requestAnimationFrame(() => this.flush())
  }

  /** Resolves once everything written so far is on screen, an unfinished last line included (the run has ended). */
  drained(): Promise<void> {
    this.final = true
    if (this.queue.length === 0) return Promise.resolve()
    this.frame ??= requestAnimationFrame(() => this.flush())
    return new Promise((resolve) => this.drainedWaiters.push(resolve))
  }

  private flush(): void {
    this.frame = undefined
    const ready = this.take()
    if (ready.length > 0) {
      const block = document.createElement('div')
      block.className = 'chunk'
      for (const { kind, text } of ready) {
        const span = document.createElement('span')
        span.className = kind
        span.textContent = text
        block.append(span)
      }
      this.element.append(block)
      if (this.follow) this.element.scrollTop = this.element.scrollHeight
    }
    if (this.queue.length > 0 && (this.final || ready.length > 0)) this.frame = requestAnimationFrame(() => this.flush())
    else if (this.queue.length === 0) for (const resolve of this.drainedWaiters.splice(0)) resolve()
  }

  /** This frame's share of the queue: up to the budget, whole lines only until the run has ended. */
  private take(): Array<{ kind: OutputKind; text: string }> {
    const taken: Array<{ kind: OutputKind; text: string }> = []
    let budget = MAX_CHARS_PER_FRAME
    while (this.queue.length > 0 && budget > 0) {
      const item = this.queue[0]!
      if (item.text.length <= budget) {
        taken.push(this.queue.shift()!)
        budget -= item.text.length
        continue
      }
      const cut = item.text.lastIndexOf('\n', budget - 1)
      if (cut === -1) {
        // One line longer than the budget: it goes whole, rather than broken in two.
        if (taken.length === 0) taken.push(this.queue.shift()!)
        break
      }
      taken.push({ kind: item.kind, text: item.text.slice(0, cut + 1) })
      item.text = item.text.slice(cut + 1)
      break
    }
    if (this.final || taken.length === 0) return taken
    return this.wholeLines(taken)
  }

  /** Keeps a trailing unfinished line queued, so a line is never split across two blocks. */
  private wholeLines(taken: Array<{ kind: OutputKind; text: string }>): Array<{ kind: OutputKind; text: string }> {
    for (let i = taken.length - 1; i >= 0; i--) {
      const item = taken[i]!
      const newline = item.text.lastIndexOf('\n')
      if (newline === -1) continue
      const rest = [...(newline + 1 < item.text.length ? [{ kind: item.kind, text: item.text.slice(newline + 1) }] : []), ...taken.slice(i + 1)]
      this.queue.unshift(...rest)
      this.mergeHead()
      return [...taken.slice(0, i), { kind: item.kind, text: item.text.slice(0, newline + 1) }]
    }
    this.queue.unshift(...taken)
    this.mergeHead()
    return []
  }

  /** Joins neighbours of the same kind at the head of the queue, put back apart by `wholeLines`. */
  private mergeHead(): void {
    for (let i = 0; i + 1 < this.queue.length; ) {
      if (this.queue[i]!.kind === this.queue[i + 1]!.kind) this.queue[i]!.text += this.queue.splice(i + 1, 1)[0]!.text
      else i++
    }
  }
}
