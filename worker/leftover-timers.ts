/**
 * Timers an earlier run left behind wait while a run is in progress.
 *
 * A run is taken up in one turn of the worker's event loop, and its code
 * starts a few turns later: packages load, Pyodide starts the code as an
 * asyncio task, and a task's step is itself a turn. A timer an earlier run
 * left (an interval whose callback spins, say) that falls due in between
 * would run first, with the run's own interrupt installed and the page no
 * longer asking the leftovers to stop: only the run's deadline would end it.
 * The same holds after the code ends, until the result is sent.
 *
 * So every timer remembers the run that set it (0: none, between runs). One
 * that falls due during another run does not fire: it is held, and fires once
 * that run has ended, between runs, where the page can interrupt it if a run
 * waits (between-runs.ts). An interval held several times fires once. From
 * the page's first request to stop leftovers, a run waits, and every timer is
 * held until that run ends: otherwise each leftover timer that is due (two
 * spinning intervals, say) would take its turn before the run, and the page
 * would have to stop each in turn, a request apiece.
 * Nothing changes for a run's own timers, asyncio's included (Pyodide's event
 * loop puts a `call_later` of more than 2 ms on `setTimeout`, and sooner ones
 * on a channel of its own, which is not held): they fire during that run as
 * before. A run that awaits work an earlier run started (an asyncio task that
 * sleeps) waits until its end for that work's timers; the notes a run gets
 * say to await background work in the run that starts it.
 *
 * The wrappers replace the worker's global `setTimeout` and `setInterval`
 * before Pyodide loads, so every later reference, a captured one included
 * (`from js import setInterval`, `pyodide.ffi.set_interval`), is a wrapper.
 * Promises, microtasks and event listeners are not held: the page's
 * interrupts stop those between runs (leftover-stopper.ts), and a run they
 * keep from starting goes to a fresh interpreter.
 */

/** The timer functions of a global scope; the worker's own, or a stand-in in tests. */
export interface TimerScope {
  setTimeout: typeof globalThis.setTimeout
  setInterval: typeof globalThis.setInterval
  clearTimeout: typeof globalThis.clearTimeout
  clearInterval: typeof globalThis.clearInterval
}

export interface LeftoverTimers {
  /** A run waits for the worker (the page asked to stop leftovers): from now on every timer is held until that run ends. */
  runWaits(): void
  /** Run `runId` is taken up: from now on, timers set outside it are held until it ends. */
  runStarts(runId: number): void
  /** The run ended: what was held fires, each in a turn of its own. */
  runEnded(): void
}

type TimerId = ReturnType<typeof setTimeout>

const BETWEEN_RUNS = 0
/** No run is in progress, but one waits: nothing is anyone's own. */
const RUN_WAITING = -1

export function holdLeftoverTimers(scope: TimerScope): LeftoverTimers {
  const original = {
    setTimeout: scope.setTimeout.bind(scope),
    setInterval: scope.setInterval.bind(scope),
    clearTimeout: scope.clearTimeout.bind(scope),
    clearInterval: scope.clearInterval.bind(scope),
  }
  let running = BETWEEN_RUNS
  // Held callbacks by timer id, in the order they fell due; an interval held again keeps its place.
  const held = new Map<TimerId, () => void>()

  /** The callback to give the browser: it fires, or waits its turn if a run other than `owner` is in progress. */
  function guarded(owner: number, callback: (...args: unknown[]) => void, args: unknown[], id: () => TimerId) {
    const fire = () => callback.apply(scope, args)
    return () => {
      if (running === BETWEEN_RUNS || (running === owner && owner !== RUN_WAITING)) fire()
      else held.set(id(), fire)
    }
  }

  function schedule(start: (handler: () => void, ms?: number) => TimerId, handler: unknown, ms: unknown, args: unknown[]): TimerId {
    // Code as a string is JavaScript's own business (the page's policy forbids evaluating it anyway).
    if (typeof handler !== 'function') return (start as (handler: unknown, ms?: unknown) => TimerId)(handler, ms)
    let id!: TimerId
    id = start(guarded(running, handler as (...args: unknown[]) => void, args, () => id), ms as number | undefined)
    return id
  }

  function forget(clear: (id: TimerId) => void) {
    return (id?: TimerId) => {
      if (id !== undefined) held.delete(id)
      clear(id as TimerId)
    }
  }

  const replacements: TimerScope = {
    setTimeout: ((handler: unknown, ms?: unknown, ...args: unknown[]) => schedule(original.setTimeout, handler, ms, args)) as TimerScope['setTimeout'],
    setInterval: ((handler: unknown, ms?: unknown, ...args: unknown[]) => schedule(original.setInterval, handler, ms, args)) as TimerScope['setInterval'],
    // The two share one pool of ids, so either cancels a held callback of either kind, as in browsers.
    clearTimeout: forget(original.clearTimeout) as TimerScope['clearTimeout'],
    clearInterval: forget(original.clearInterval) as TimerScope['clearInterval'],
  }
  for (const [name, value] of Object.entries(replacements)) {
    Object.defineProperty(scope, name, { value, writable: true, configurable: true, enumerable: true })
  }

  return {
    runWaits() {
      if (running === BETWEEN_RUNS) running = RUN_WAITING
    },
    runStarts(runId) {
      running = runId
    },
    runEnded() {
      running = BETWEEN_RUNS
      for (const id of held.keys()) {
        // A turn each, after the run's answer is on its way; a run taken up meanwhile holds them again.
        original.setTimeout(() => {
          const fire = held.get(id)
          if (!fire || running !== BETWEEN_RUNS) return
          held.delete(id)
          fire()
        }, 0)
      }
    },
  }
}
