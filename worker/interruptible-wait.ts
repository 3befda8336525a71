/**
 * Waits that the deadline can cut short: `time.sleep` and `asyncio.sleep`.
 *
 * With a shared interrupt buffer (a cross-origin isolated page), a blocking
 * sleep waits on the buffer itself (`Atomics.wait`), so the SIGINT the page
 * writes there at the deadline wakes it at once and Python raises
 * `KeyboardInterrupt`, keeping the interpreter and its variables. An
 * `asyncio.sleep` leaves the worker idle, with no Python running to see the
 * signal, so while a run executes the worker also listens on the buffer
 * (`Atomics.waitAsync`) and raises `KeyboardInterrupt` in the pending sleeps.
 *
 * Without the buffer (no cross-origin isolation) nothing can wake a wait:
 * Pyodide's own sleeps stay, and a run that sleeps past its deadline is
 * ended by terminating the worker.
 */
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import waitsSource from './py/waits.py?raw'

export interface InterruptibleWaits {
  /** The user's code starts: listen for the interrupt while it may be awaiting. */
  codeStarted(): void
  /** The user's code ended. */
  codeEnded(): void
}

/** `Atomics.waitAsync` (ES2024, in every browser this runs in); the project's TypeScript library is ES2023. */
type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> }
export const waitAsync: WaitAsync = (...args) => (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(...args)

const NONE: InterruptibleWaits = { codeStarted() {}, codeEnded() {} }

/**
 * @param waitOn the buffer a blocking sleep waits on now: the run's signal
 *   during a run, the between-runs signal (between-runs.ts) for a sleep in a
 *   callback left behind by an earlier run.
 */
export function installInterruptibleWaits(
  py: PyodideAPI,
  signal: Int32Array | undefined,
  waitOn: (runSignal: Int32Array) => Int32Array = (runSignal) => runSignal,
): InterruptibleWaits {
  if (!signal) return NONE
  const scope = py.toPy({}) as PyProxy & { get(name: string): unknown }
  py.runPython(waitsSource, { globals: scope, filename: '<sandbox-waits>' })
  const wait = (ms: number): boolean => {
    const buffer = waitOn(signal)
    if (Atomics.load(buffer, 0) === 0) Atomics.wait(buffer, 0, 0, ms)
    return Atomics.load(buffer, 0) !== 0
  }
  ;(scope.get('install') as (wait: (ms: number) => boolean) => void)(wait)
  const interruptSleepers = scope.get('interrupt_sleepers') as () => boolean

  let executing = 0 // which listening belongs to the code now running; 0 when none runs
  const listen = (generation: number) => {
    const waited = waitAsync(signal, 0, 0)
    const woken = waited.async ? waited.value : Promise.resolve()
    void woken.then(() => {
      if (executing !== generation) return
      // Python is idle, or this would not run: take the signal and hand it to the sleeps, if any wait.
      if (Atomics.load(signal, 0) !== 0) {
        const value = Atomics.exchange(signal, 0, 0)
        if (!interruptSleepers()) Atomics.store(signal, 0, value) // no sleep to end: leave it for the interpreter
      }
      // Listen again after a turn of the event loop, so a signal left in place does not spin here.
      setTimeout(() => executing === generation && listen(generation), 10)
    })
  }
  let generations = 0
  return {
    codeStarted() {
      executing = ++generations
      listen(executing)
    },
    codeEnded() {
      executing = 0
    },
  }
}
