/**
 * The deadline of one run.
 *
 * A run has two phases: loading the packages its code imports, bounded by
 * `loadTimeoutMs`, then the code itself, bounded by `timeoutMs` from the
 * moment `codeStarted()` is called. A first download of a large library on a
 * slow link must not eat the code's own time.
 *
 * At the deadline it interrupts the code; Pyodide can miss a signal (on
 * `while True: pass`, for instance), so it signals again until the grace
 * period is over. Then, or at once if the host cannot interrupt, it asks for
 * the worker to be terminated by resolving `kill`. A user's stop takes the
 * same path early.
 */
export type StopReason = 'deadline' | 'load-timeout' | 'stopped'

export interface WatchdogOptions {
  timeoutMs: number
  /** The limit on loading packages, before the code starts. Default: no separate phase (the deadline starts at once). */
  loadTimeoutMs?: number
  graceMs: number
  /** Sends one interrupt; false when interrupts are not possible. */
  interrupt: () => boolean
  /** How often to signal again during the grace period. Default: 100 ms. */
  resignalMs?: number
}

export interface Watchdog {
  /** Resolves when the run must be ended by terminating the worker. */
  readonly kill: Promise<void>
  /** Why the run is being stopped, once it is. */
  readonly reason: StopReason | undefined
  /** Stops the run now, for the given reason. Later calls do nothing. */
  stop(reason: StopReason): void
  /** The packages are loaded and the code starts: its own deadline begins now. Only the first call counts. */
  codeStarted(): void
  /** The run ended: stop watching. */
  cancel(): void
}

export function startWatchdog({ timeoutMs, loadTimeoutMs, graceMs, interrupt, resignalMs = 100 }: WatchdogOptions): Watchdog {
  let reason: StopReason | undefined
  let loading = loadTimeoutMs !== undefined
  let timers: ReturnType<typeof setTimeout>[] = []
  let resignal: ReturnType<typeof setInterval> | undefined
  let kill!: () => void
  const killed = new Promise<void>((resolve) => (kill = resolve))

  // Once the run has ended nothing may start a timer again: a late 'executing' event (events travel on
  // another port than the result and can arrive after it) would otherwise interrupt whichever run is next.
  let ended = false
  const cancel = () => {
    timers.forEach(clearTimeout)
    timers = []
    clearInterval(resignal)
  }

  const stop = (why: StopReason) => {
    if (reason || ended) return
    reason = why
    cancel()
    // While packages load no Python runs to receive a KeyboardInterrupt: only terminating ends it.
    if (why === 'load-timeout' || !interrupt()) return kill()
    resignal = setInterval(interrupt, resignalMs)
    timers.push(setTimeout(() => (cancel(), kill()), graceMs))
  }

  timers.push(loading ? setTimeout(() => stop('load-timeout'), loadTimeoutMs) : setTimeout(() => stop('deadline'), timeoutMs))
  return {
    kill: killed,
    get reason() {
      return reason
    },
    stop,
    codeStarted() {
      if (!loading || reason || ended) return
      loading = false
      timers.forEach(clearTimeout)
      timers = [setTimeout(() => stop('deadline'), timeoutMs)]
    },
    cancel() {
      ended = true
      cancel()
    },
  }
}
