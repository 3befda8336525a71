/**
 * The sandbox's side of preloading: which libraries were hinted, and when to
 * load the next one. The worker does the loading (worker/preload.ts), one
 * library per call.
 *
 * A run always wins, by construction rather than by timing: each library is
 * one call through the sandbox's queue, and the next one is queued only once
 * the queue is empty. A run submitted during a preload therefore waits for at
 * most the one library being loaded (a call in progress cannot be stopped
 * without losing the interpreter), and every run, file call or reset queued
 * by then goes before the rest of the preloads. The preloads resume when the
 * sandbox is idle again: by then they cost nothing anyone waits for.
 */
import type { PreloadOutcome } from '../protocol.ts'

export interface PreloadSteps {
  /** Resolves once nothing waits in the sandbox's queue; the caller may then queue at once. */
  idle(): Promise<void>
  /** Queues one library's preload on the worker in use; undefined when the worker was lost meanwhile. */
  step(name: string): Promise<PreloadOutcome | undefined>
  /** Whether the sandbox is disposed. */
  disposed(): boolean
}

/** Hinted libraries kept for a takeover: a bound on the memory hints can make the sandbox spend. */
export const MAX_PRELOADS = 8

export class Preloads {
  /** Every library hinted, in order: what a worker that takes over loads again. */
  private readonly hinted: string[] = []
  private pending: string[] = []
  private pumping = false

  constructor(private readonly steps: PreloadSteps) {}

  /** Adds hints; those not loaded yet are loaded when the sandbox is idle, unless `signal` aborts first. */
  add(names: readonly string[], signal?: AbortSignal): void {
    if (signal?.aborted) return
    const fresh = names.filter((name) => typeof name === 'string' && !this.hinted.includes(name)).slice(0, MAX_PRELOADS - this.hinted.length)
    if (fresh.length === 0) return
    this.hinted.push(...fresh)
    this.pending.push(...fresh)
    signal?.addEventListener('abort', () => (this.pending = this.pending.filter((name) => !fresh.includes(name))), { once: true })
    void this.pump()
  }

  /** A new worker took over: it gets every library hinted so far. */
  replay(): void {
    this.pending = [...this.hinted]
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      for (;;) {
        await this.steps.idle()
        // Checked after the wait and queued in the same turn: nothing can slip in between.
        const name = this.pending.shift()
        if (name === undefined || this.steps.disposed()) return
        const outcome = await this.steps.step(name).catch(() => undefined)
        // Over the memory budget, the rest would be too; a lost worker is replayed when its successor takes over.
        if (outcome === undefined || outcome.state === 'over-budget') this.pending = []
      }
    } finally {
      this.pumping = false
    }
  }
}
