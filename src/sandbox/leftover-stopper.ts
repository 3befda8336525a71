/**
 * What the main thread does while a run waits for its worker to take it up.
 *
 * An idle worker takes a run up within a few milliseconds. One that does not
 * is usually busy with something an earlier run left running (a timer's
 * callback that spins, a promise chain, an asyncio task), so the host is asked,
 * again and again until the run is taken up, to raise KeyboardInterrupt in it
 * (`WorkerHost.stopLeftovers`): the worker's event loop then moves on to the
 * run, with the interpreter and its variables kept. Asking an idle worker
 * costs nothing: the signal goes to a buffer that no run listens on, and the
 * worker clears it as it takes the run up (worker/between-runs.ts).
 *
 * Without a way to interrupt (no cross-origin isolation) this does nothing,
 * and only the wait's limit (`responseTimeoutMs`) ends the wait, by handing
 * the run to a fresh worker.
 */

export interface LeftoverStopperOptions {
  /** Asks once; false when the host cannot interrupt (then it is not asked again). */
  stop: () => boolean
  /** How long a run may wait before the first request: longer than an idle worker needs. Default: 25 ms. */
  firstAfterMs?: number
  /**
   * How often to ask again: a leftover may catch one interrupt, or start again from a timer, and a promise chain
   * goes on if the interrupt lands after a step has queued the next one, so each request is one more chance to end
   * it; asking costs a write to shared memory. Default: 20 ms.
   */
  everyMs?: number
}

/** Starts asking; returns the function that stops asking (the run was taken up, or ended). */
export function stopLeftoversWhileWaiting(options: LeftoverStopperOptions): () => void {
  const { stop, firstAfterMs = 25, everyMs = 20 } = options
  let timer: ReturnType<typeof setTimeout> | undefined
  const ask = () => {
    timer = stop() ? setTimeout(ask, everyMs) : undefined
  }
  timer = setTimeout(ask, firstAfterMs)
  return () => clearTimeout(timer)
}
