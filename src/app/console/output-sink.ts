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

export class OutputSink {
  private queue: Array<{ kind: OutputKind; text: string }> = []
  private frame: number | undefined
  private follow = true

  constructor(private readonly element: HTMLElement) {
    // Keep following the end unless the user scrolls up to read.
    element.addEventListener('scroll', () => (this.follow = element.scrollHeight - element.scrollTop - element.clientHeight < 40), { passive: true })
  }

  write(kind: OutputKind, text: string): void {
    if (text === '') return
    const tail = this.queue.at(-1)
    if (tail?.kind === kind) tail.text += text
    else this.queue.push({ kind, text })
    this.frame ??= requestAnimationFrame(() => this.flush(false))
  }

  /** Writes what is queued; `final` (the run ended) writes an unfinished last line too. */
  flush(final = true): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame)
    this.frame = undefined
    const ready = final ? this.queue.splice(0) : this.takeWholeLines()
    if (ready.length === 0) return
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
    if (!final && this.queue.length > 0) this.frame = requestAnimationFrame(() => this.flush(false))
  }

  /** Takes the queue up to its last newline; what follows stays queued. */
  private takeWholeLines(): Array<{ kind: OutputKind; text: string }> {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i]!
      const newline = item.text.lastIndexOf('\n')
      if (newline === -1) continue
      const taken = this.queue.splice(0, i + 1)
      const rest = item.text.slice(newline + 1)
      taken[i] = { kind: item.kind, text: item.text.slice(0, newline + 1) }
      if (rest) this.queue.unshift({ kind: item.kind, text: rest })
      return taken
    }
    return []
  }
}
