/**
 * The sandbox's side of preloading: which libraries were hinted, and when to
 * take the next step. The worker does the work (worker/preload.ts), one step
 * per call: a library's load (download and install its packages), then, once
 * every hinted library is loaded, its import. Loads go first because a run
 * that arrives meanwhile gains most from them: what is left for it is the
 * imports, and a run that needs something else waits for a shorter step.
 *
 * A run always wins, by construction rather than by timing: each step is one
 * call through the sandbox's queue, and the next one is queued only once the
 * queue is empty. A run submitted during a preload therefore waits for at
 * most the one step in progress (a call in progress cannot be stopped without
 * losing the interpreter), and every run, file call or reset queued by then
 * goes before the rest of the preloads. The preloads resume when the sandbox
 * is idle again: by then they cost nothing anyone waits for.
 */
import type { PreloadOutcome, PreloadPhase } from '../protocol.ts'

export interface PreloadSteps {
  /** Resolves once nothing waits in the sandbox's queue; the caller may then queue at once. */
  idle(): Promise<void>
  /** Queues one step of one library's preload on the worker in use; undefined when the worker was lost meanwhile. */
  step(name: string, phase: PreloadPhase): Promise<PreloadOutcome | undefined>
  /** Whether the sandbox is disposed. */
  disposed(): boolean
}

/** Hinted libraries kept for a takeover: a bound on the memory hints can make the sandbox spend. */
export const MAX_PRELOADS = 8

export class Preloads {
  /** Every library hinted, in order: what a worker that takes over loads again. */
  private readonly hinted: string[] = []
  private loads: string[] = []
  private imports: string[] = []
  private pumping = false

  constructor(private readonly steps: PreloadSteps) {}

  /** Adds hints; those not loaded yet are loaded when the sandbox is idle, unless `signal` aborts first. */
  add(names: readonly string[], signal?: AbortSignal): void {
    if (signal?.aborted) return
    const fresh = names.filter((name) => typeof name === 'string' && !this.hinted.includes(name)).slice(0, MAX_PRELOADS - this.hinted.length)
    if (fresh.length === 0) return
    this.hinted.push(...fresh)
    this.loads.push(...fresh)
    this.imports.push(...fresh)
    signal?.addEventListener(
      'abort',
      () => {
        this.loads = this.loads.filter((name) => !fresh.includes(name))
        this.imports = this.imports.filter((name) => !fresh.includes(name))
      },
      { once: true },
    )
    void this.pump()
  }

  /** A new worker took over: it gets every library hinted so far. */
  replay(): void {
    this.loads = [...this.hinted]
    this.imports = [...this.hinted]
    void this.pump()
  }

  /** The next step: every load before any import. */
  private next(): { name: string; phase: PreloadPhase } | undefined {
    const load = this.loads.shift()
    if (load !== undefined) return { name: load, phase: 'load' }
    const imported = this.imports.shift()
    return imported === undefined ? undefined : { name: imported, phase: 'import' }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return
    this.pumping = true
    try {
      for (;;) {
        await this.steps.idle()
        // Checked after the wait and queued in the same turn: nothing can slip in between.
        const step = this.next()
        if (step === undefined || this.steps.disposed()) return
        const outcome = await this.steps.step(step.name, step.phase).catch(() => undefined)
        // Over the memory budget, the rest would be too; a lost worker is replayed when its successor takes over.
        if (outcome === undefined || outcome.state === 'over-budget') {
          this.loads = []
          this.imports = []
        }
      }
    } finally {
      this.pumping = false
    }
  }
}
