/**
 * The clock of one run: every wait on the worker is bounded.
 *
 * A run passes through phases, each with its own limit:
 * 1. the worker takes the run up (`accepted()`), within `acceptTimeoutMs`:
 *    a worker kept busy by something an earlier run left behind (a JavaScript
 *    timer or promise chain that never yields) never does, and is killed;
 * 2. the code's deadline, `timeoutMs`, counts from then;
 * 3. unless the run loads packages (`loadingPackages()`): a first download of a
 *    large library on a slow link must not eat the code's time, so loading has
 *    its own limit, `loadTimeoutMs`, and the deadline starts afresh when the
 *    code does (`codeStarted()`);
 * 4. while the code runs, a library it imports that was not loaded before
 *    (`importing(true)` … `importing(false)`) pauses the deadline the same way:
 *    the load has `loadTimeoutMs`, and the deadline resumes with the time it
 *    had left. The pauses of one run share that one limit, so code that could
 *    fake the events still cannot run past `timeoutMs + loadTimeoutMs`.
 *
 * At the deadline it interrupts the code; Pyodide can miss a signal (on
 * `while True: pass`, for instance), so it signals again until the grace
 * period is over (counted in ticks, like the wait for the worker to take the
 * run up, so that it stretches on a starved machine). Then, or at once if the
 * host cannot interrupt or nothing of the user's runs to receive it, it asks
 * for the worker to be terminated by resolving `kill`. A user's stop takes the
 * same path early.
 */
export type StopReason = 'deadline' | 'load-timeout' | 'stopped' | 'unresponsive'

export interface WatchdogOptions {
  timeoutMs: number
  /** The limit on loading packages, once loading begins. Default: no separate phase (the deadline keeps counting). */
  loadTimeoutMs?: number
  /** How long the worker may take to take the run up. Default: no such phase (the deadline starts at once). */
  acceptTimeoutMs?: number
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
  /** Whether the code has started (`codeStarted()`); it stays as it was once the run is stopped. */
  readonly executing: boolean
  /** Stops the run now, for the given reason. Later calls do nothing. */
  stop(reason: StopReason): void
  /** The worker has taken the run up: the deadline starts. Only the first call counts. */
  accepted(): void
  /** Packages are loading: the deadline waits, under the loading limit. */
  loadingPackages(): void
  /** The code starts: after loading packages, its deadline starts afresh. */
  codeStarted(): void
  /** The running code waits for a library to load (true), or goes on (false): the deadline pauses meanwhile. */
  importing(active: boolean): void
  /** The run ended: stop watching. */
  cancel(): void
}

type Phase = 'accepting' | 'preparing' | 'loading' | 'executing' | 'importing'

const PATIENCE_TICK_MS = 100

export function startWatchdog(options: WatchdogOptions): Watchdog {
  const { timeoutMs, loadTimeoutMs, acceptTimeoutMs, graceMs, interrupt, resignalMs = 100 } = options
  let reason: StopReason | undefined
  let phase: Phase = acceptTimeoutMs === undefined ? 'preparing' : 'accepting'
  let timers: ReturnType<typeof setTimeout>[] = []
  let resignal: ReturnType<typeof setInterval> | undefined
  let kill!: () => void
  const killed = new Promise<void>((resolve) => (kill = resolve))

  const cancel = () => {
    timers.forEach(clearTimeout)
    timers = []
    clearInterval(resignal)
  }
  // When the code's deadline falls, so that a pause for an import can resume it with the time left.
  let deadlineAt = 0
  const limit = (ms: number, why: StopReason) => {
    cancel()
    if (why === 'deadline') deadlineAt = Date.now() + ms
    timers.push(setTimeout(() => stop(why), ms))
  }
  // What is left of the loading limit for imports during the code, and when the current pause began.
  let importBudgetMs = loadTimeoutMs ?? 0
  let pausedAt = 0
  let deadlineLeft = 0
  // Counted in short ticks, so on a machine too busy to run timers on time it stretches with the lag: the worker is
  // as starved as this thread then, and slow to answer is not the same as stuck.
  const afterPatiently = (ms: number, then: () => void) => {
    const tickMs = Math.min(PATIENCE_TICK_MS, ms)
    let ticks = tickMs > 0 ? Math.ceil(ms / tickMs) : 1
    const tick = () => {
      if (--ticks <= 0) then()
      else timers.push(setTimeout(tick, tickMs))
    }
    timers.push(setTimeout(tick, tickMs))
  }
  const patientLimit = (ms: number, why: StopReason) => {
    cancel()
    afterPatiently(ms, () => stop(why))
  }

  const stop = (why: StopReason) => {
    if (reason) return
    reason = why
    cancel()
    // Before the code runs (a worker that never took the run up, packages loading) no Python of the
    // user's runs to receive a KeyboardInterrupt: only terminating ends it.
    if (why === 'load-timeout' || why === 'unresponsive' || !interrupt()) return kill()
    resignal = setInterval(interrupt, resignalMs)
    // Patient too: a worker woken by the interrupt on a starved machine is unwinding, not ignoring it.
    afterPatiently(graceMs, () => (cancel(), kill()))
  }

  const accepted = () => {
    if (phase !== 'accepting' || reason) return
    phase = 'preparing'
    limit(timeoutMs, 'deadline')
  }

  if (phase === 'accepting') patientLimit(acceptTimeoutMs!, 'unresponsive')
  else limit(timeoutMs, 'deadline')
  // Once the run has ended, nothing restarts or stops it: the 'executing' event travels on another port than the
  // result and can arrive after it, and a deadline started then would interrupt whichever run came next.
  let ended = false
  return {
    kill: killed,
    get reason() {
      return reason
    },
    get executing() {
      return phase === 'executing' || phase === 'importing'
    },
    stop(why) {
      if (!ended) stop(why)
    },
    accepted() {
      if (!ended) accepted()
    },
    loadingPackages() {
      if (ended || loadTimeoutMs === undefined || (phase !== 'preparing' && phase !== 'accepting') || reason) return
      phase = 'loading'
      limit(loadTimeoutMs, 'load-timeout')
    },
    codeStarted() {
      if (ended) return
      accepted()
      if (phase === 'executing' || phase === 'importing' || reason) return
      if (phase === 'loading') limit(timeoutMs, 'deadline')
      phase = 'executing'
    },
    importing(active) {
      if (ended || reason || loadTimeoutMs === undefined) return
      const now = Date.now()
      if (active && phase === 'executing') {
        phase = 'importing'
        pausedAt = now
        deadlineLeft = Math.max(0, deadlineAt - now)
        limit(importBudgetMs, 'load-timeout')
      } else if (!active && phase === 'importing') {
        phase = 'executing'
        importBudgetMs = Math.max(0, importBudgetMs - (now - pausedAt))
        limit(deadlineLeft, 'deadline')
      }
    },
    cancel() {
      ended = true
      cancel()
    },
  }
}
