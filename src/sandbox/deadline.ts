/**
 * One run of code on a worker, under its deadline.
 *
 * The run races the worker's answer against its death, the watchdog's kill
 * and the sandbox's disposal, so it always ends. What it ends with is decided
 * here, from what happened and never from which news arrived first: a run
 * stopped at its deadline is a deadline, with what it printed, whether the
 * interrupt got through or the worker had to be killed.
 *
 * While the worker has not taken the run up, what earlier runs left running
 * is asked to stop (leftover-stopper.ts). A worker that still does not take
 * it up within its limit is given up: the run ends `notTaken`, and since none
 * of its code ran, the sandbox runs it on the worker's replacement. The same
 * holds for a worker that took the run up but had to be killed at the
 * deadline before the code started: whatever held it there (something an
 * earlier run left that ignores interrupts), the run's own code did not run.
 */
import type { OutputChunk } from '../executor.ts'
import type { PackageProgress, RunResult, RuntimeEvent } from '../protocol.ts'
import { SandboxDisposedError } from './errors.ts'
import { LiveOutput } from './live-output.ts'
import { crashResult, stoppedResult } from './results.ts'
import { makeProductsInert } from './inert-products.ts'
import { isRunResult } from './validate.ts'
import { startWatchdog, type Watchdog } from './watchdog.ts'
import type { WorkerHost } from './worker-host.ts'
import { errorMessage } from '../error-message.ts'
import { stopLeftoversWhileWaiting } from './leftover-stopper.ts'

export interface CodeRunOptions {
  host: WorkerHost
  runId: number
  code: string
  timeoutMs: number
  loadTimeoutMs: number
  /** How long the worker may take to take the run up. */
  acceptTimeoutMs: number
  graceMs: number
  outputLimitBytes: number
  signal: AbortSignal | undefined
  /** Resolves when the sandbox is disposed. */
  disposal: Promise<void>
  onOutput: (chunk: OutputChunk) => void
  onPackage: (progress: PackageProgress) => void
}

export interface CodeRunEnd {
  result: RunResult
  /** The worker cannot be used again (killed, died, misbehaved): it must be replaced. */
  workerLost: boolean
  /** The worker never got to the code, so none of it ran: it may run elsewhere. `afterMs`: the limit that passed. */
  notTaken?: { afterMs: number }
}

type Settled =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'died'; reason: string }
  | { kind: 'killed' }
  | { kind: 'disposed' }

/** How long a returned run waits for its end-of-run marker; it normally arrives within a message or two. */
const FINISHED_MARKER_WAIT_MS = 1_000
/** How long a run whose worker died waits for output already posted; only the crash path pays it. */
const IN_FLIGHT_OUTPUT_WAIT_MS = 250

export class CodeRun {
  readonly runId: number
  private readonly printed: LiveOutput
  private readonly watchdog: Watchdog
  private markFinished!: () => void
  private readonly finishedMarker = new Promise<void>((resolve) => (this.markFinished = resolve))
  private stopAskingLeftovers = () => {}

  constructor(private readonly options: CodeRunOptions) {
    this.runId = options.runId
    this.printed = new LiveOutput(options.outputLimitBytes)
    this.watchdog = startWatchdog({
      timeoutMs: options.timeoutMs,
      loadTimeoutMs: options.loadTimeoutMs,
      acceptTimeoutMs: options.acceptTimeoutMs,
      graceMs: options.graceMs,
      interrupt: () => options.host.interrupt(),
    })
  }

  /** An event the worker posted for this run, already checked. */
  receive(event: Exclude<RuntimeEvent, { type: 'load' }>): void {
    if (event.type === 'accepted') {
      this.stopAskingLeftovers()
      this.watchdog.accepted()
    }
    else if (event.type === 'executing') this.watchdog.codeStarted()
    else if (event.type === 'finished') this.markFinished()
    else if (event.type === 'importing') this.watchdog.importing(event.active)
    else if (event.type === 'package') {
      if (event.state === 'loading') this.watchdog.loadingPackages()
      const { type: _type, ...progress } = event
      this.options.onPackage(progress)
    } else if (this.printed.add(event.stream, event.text)) this.options.onOutput({ stream: event.stream, text: event.text })
  }

  /** Runs the code; rejects only with `SandboxDisposedError`. */
  async end(): Promise<CodeRunEnd> {
    const { host, runId, code, signal, disposal, timeoutMs, loadTimeoutMs, acceptTimeoutMs } = this.options
    const watchdog = this.watchdog
    const onAbort = () => watchdog.stop('stopped')
    signal?.addEventListener('abort', onAbort, { once: true })
    const started = performance.now()
    this.stopAskingLeftovers = stopLeftoversWhileWaiting({ stop: () => host.stopLeftovers(runId) })

    const settled = await Promise.race<Settled>([
      host.runtime.run({ runId, code }).then(
        (value) => ({ kind: 'returned', value }),
        (error: unknown) => ({ kind: 'threw', error }),
      ),
      host.died.then((reason) => ({ kind: 'died', reason })),
      watchdog.kill.then(() => ({ kind: 'killed' })),
      disposal.then(() => ({ kind: 'disposed' })),
    ])
    watchdog.cancel()
    this.stopAskingLeftovers()
    signal?.removeEventListener('abort', onAbort)
    const durationMs = performance.now() - started
    if (settled.kind === 'returned') {
      // The result can overtake the run's last output events, which travel on the event port: wait for its marker.
      // Code that tampers with the worker's ports could withhold it, hence the bound.
      await Promise.race([this.finishedMarker, host.died, delay(FINISHED_MARKER_WAIT_MS)])
    } else if (settled.kind !== 'disposed') {
      // News of a death comes by another route (the frame) and can overtake what the run printed just before;
      // a dead worker sends no marker, so give what is already in flight a moment to land.
      if (settled.kind === 'killed') host.terminate()
      await delay(IN_FLIGHT_OUTPUT_WAIT_MS)
    }
    const printed = this.printed.snapshot()

    // Once the run is being stopped, however it then ends (the interrupt got through, it was killed, or the
    // worker failed on the interrupt or died in the grace period), it ends for that reason: which of these
    // news arrives first depends on timing, and the outcome must not.
    const reason = watchdog.reason
    if (reason && settled.kind !== 'returned' && settled.kind !== 'disposed') {
      const limits = { 'load-timeout': loadTimeoutMs, unresponsive: acceptTimeoutMs, deadline: timeoutMs, stopped: timeoutMs }
      const result = stoppedResult({ reason, timeoutMs: limits[reason], durationMs, printed })
      // Killed at the deadline before the code started: the run did not run, so it is not failed for that.
      const neverRan = reason === 'unresponsive' || (reason === 'deadline' && settled.kind === 'killed' && !watchdog.executing)
      return { result, workerLost: true, ...(neverRan ? { notTaken: { afterMs: limits[reason] } } : {}) }
    }

    switch (settled.kind) {
      case 'disposed':
        throw new SandboxDisposedError()
      case 'returned': {
        if (!isRunResult(settled.value)) {
          return { result: crashResult({ cause: 'it returned a malformed result', durationMs, printed }), workerLost: true }
        }
        const returned = makeProductsInert(settled.value) // files and images from the sandbox: inert types only
        // The loader's own failure says more than a timeout would.
        if (!reason || reason === 'load-timeout') return { result: returned, workerLost: false }
        return { result: stoppedResult({ reason, timeoutMs, durationMs, returned, printed }), workerLost: false }
      }
      case 'threw':
        return { result: crashResult({ cause: errorMessage(settled.error), durationMs, printed }), workerLost: true }
      case 'died':
        return { result: crashResult({ cause: settled.reason, durationMs, printed }), workerLost: true }
      case 'killed': // the watchdog kills only with a reason, handled above
        return { result: stoppedResult({ reason: 'deadline', timeoutMs, durationMs, printed }), workerLost: true }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
