/**
 * Python that runs between two runs: what earlier runs left running (a JS
 * timer's callback, a promise chain, an asyncio task or `call_later`, an
 * event listener). It can keep the worker busy for ever, so the next run
 * would never be taken up.
 *
 * While no run is in progress, Pyodide's interrupt buffer is a buffer of its
 * own (`betweenRunsBuffer`), where the page writes SIGINT while a run waits:
 * the callback gets `KeyboardInterrupt`, the worker's event loop moves on to
 * the waiting run, and the interpreter and its variables stay. As a run is
 * taken up, that buffer is uninstalled and cleared, and an interrupt the
 * interpreter took in but had not raised yet is raised and caught here, so a
 * stop meant for the leftovers never reaches the run's own code, which has
 * the run's buffer (worker/runtime.ts).
 *
 * What the leftovers print or raise meanwhile goes to no run: it is told to
 * the next run as a note (left-behind-notes.ts). Their timers that fall due
 * during a run wait for its end (leftover-timers.ts): from the moment a run
 * is taken up until its answer is sent, only its own timers fire.
 */
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import { LeftBehindNotes } from './left-behind-notes.ts'
import type { LeftoverTimers } from './leftover-timers.ts'
import { waitAsync } from './interruptible-wait.ts'
import betweenRunsSource from './py/between_runs.py?raw'

export class BetweenRuns {
  readonly notes = new LeftBehindNotes()
  private py: PyodideAPI | undefined
  private signal: Int32Array | undefined
  private drainInterrupt: (() => boolean) | undefined
  private running = false
  // Which wait for the page's stop request is current: one per stretch between runs.
  private watching = 0

  constructor(private readonly timers?: LeftoverTimers) {}

  /** The interpreter is ready: from now on, until a run is taken up, Python that runs is a leftover. */
  attach(py: PyodideAPI, signal: Int32Array | undefined): void {
    this.py = py
    this.signal = signal
    if (!signal) return
    const scope = py.toPy({}) as PyProxy & { get(name: string): unknown }
    py.runPython(betweenRunsSource, { globals: scope, filename: '<sandbox-between-runs>' })
    this.drainInterrupt = scope.get('drain_interrupt') as () => boolean
    this.listen()
  }

  /** The buffer a blocking wait (`time.sleep`) must wait on now, so the right signal wakes it. */
  waitBuffer(runSignal: Int32Array): Int32Array {
    return this.running || !this.signal ? runSignal : this.signal
  }

  /** Does run `runId`'s work, with the leftovers' interrupt off and their timers held throughout. */
  async during<T>(runId: number, run: () => Promise<T>): Promise<T> {
    this.runStarts(runId)
    try {
      return await run()
    } finally {
      this.runEnded()
    }
  }

  private runStarts(runId: number): void {
    this.running = true
    this.watching++
    this.timers?.runStarts(runId)
    const { py, signal } = this
    if (!py || !signal) return
    uninstall(py)
    Atomics.store(signal, 0, 0)
    try {
      this.drainInterrupt?.()
    } catch {
      // A fatal error makes every call throw: the run reports it
    }
  }

  private runEnded(): void {
    this.running = false
    this.timers?.runEnded()
    if (this.signal) this.listen()
  }

  private listen(): void {
    const { py, signal } = this
    if (!py || !signal) return
    Atomics.store(signal, 0, 0)
    try {
      py.setInterruptBuffer(signal)
    } catch {
      // after a fatal error: the worker is replaced anyway
    }
    this.watchForWaitingRun(signal)
  }

  /** The page writes the stop only while a run waits: from then on, leftovers' timers wait for that run (leftover-timers.ts). */
  private watchForWaitingRun(signal: Int32Array): void {
    const timers = this.timers
    if (!timers) return
    const watch = ++this.watching
    const waited = waitAsync(signal, 0, 0)
    void (waited.async ? waited.value : Promise.resolve()).then(() => {
      if (watch === this.watching && !this.running) timers.runWaits()
    })
  }
}

function uninstall(py: PyodideAPI): void {
  try {
    py.setInterruptBuffer(undefined as unknown as Int32Array)
  } catch {
    // after a fatal error: the run reports it
  }
}
