/**
 * Where the sandbox gets its workers: "give me a ready worker".
 *
 * Every worker is made by the one host factory (the isolated frame by
 * default) and started the same way; the sandbox client does not care how.
 * A worker is handed out only with the app's input files put back into it.
 *
 * The hot spare: a second worker, started in the background exactly like the
 * first (same factory, same frame, same confinement checks) and never given
 * any code, so the next worker is ready at once when one has to be replaced.
 * Nothing of a previous run can be in it: it never ran one.
 *
 * Without the spare (`spare: false`, where memory is tight), the next worker
 * is a standby instead: made by the same factory and prepared (its files
 * fetched, Pyodide's JavaScript evaluated) but without Python, whose memory
 * is most of a spare's. Taken over, it starts Python, from the memory
 * snapshot (snapshot-keeper.ts) when there is one.
 */
import type { CoreLocation, InputFile, RuntimeInfo } from '../protocol.ts'
import { SandboxStartError } from './errors.ts'
import { isRuntimeInfo } from './validate.ts'
import { SnapshotKeeper, type SnapshotPlan } from './snapshot-keeper.ts'
import { createSupportedHost, type HostInitOptions, type WorkerHost, type WorkerHostFactory } from './worker-host.ts'
import { errorMessage } from '../error-message.ts'

export interface WorkerSupplyOptions {
  createHost: WorkerHostFactory
  interrupts: boolean
  init: HostInitOptions
  /** The app's files (from `putFiles`), as they are when a worker is handed out. */
  inputFiles: () => InputFile[]
  /** Limit on starting a worker, Python included: one that takes longer is terminated and the start fails. */
  startTimeoutMs: number
  /** Keep a spare worker started in the background (`prepareNext()`); otherwise a standby. */
  spare: boolean
  /** Start later workers from a memory snapshot taken by the first cold start. */
  snapshot: boolean
  /** Keep the snapshot in Cache Storage for the next visit, and start from the one kept there. */
  cacheSnapshot: boolean
  /** The next worker is ready to take over: a spare started Python, or a standby was prepared. */
  onNextReady?: (kind: 'spare' | 'standby') => void
}

/** A worker handed out by the supply. */
export interface SuppliedWorker {
  readonly host: WorkerHost
  /** Python loaded and the app's files put back. Rejects with `SandboxStartError`. */
  readonly ready: Promise<RuntimeInfo>
  /** True once the worker is gone, however it went. */
  readonly gone: boolean
  /**
   * True once Python has started in it. Its start's stages come on a port of
   * their own, which the browser need not deliver in step with the answer to
   * the start: one that arrives after this is stale.
   */
  readonly started: boolean
  /** Where the worker's events go from now on (unchecked, as the worker posted them). */
  listen(onEvent: (data: unknown) => void): void
}

/** A worker that is starting or started, not yet handed out. */
interface BootingWorker {
  host: WorkerHost
  booted: Promise<RuntimeInfo>
  readonly gone: boolean
  listen(onEvent: (data: unknown) => void): void
}

export class WorkerSupply {
  private spare: BootingWorker | undefined
  private standby: WorkerHost | undefined
  private disposed = false
  private readonly snapshots: SnapshotKeeper
  // Where Pyodide's files are: all a worker needs to prepare.
  private readonly files: CoreLocation

  constructor(private readonly options: WorkerSupplyOptions) {
    this.files = { indexURL: options.init.indexURL, packagesURL: options.init.packagesURL }
    this.snapshots = new SnapshotKeeper({ enabled: options.snapshot, cache: options.cacheSnapshot, place: options.init })
  }

  /** A worker for the sandbox to use now: the spare or the standby when there is one (even still starting), else a new one. */
  take(): SuppliedWorker {
    const worker = this.takeSpare() ?? this.boot(this.takeStandby())
    const ready = worker.booted
      .then(async (info) => {
        // The app's files outlive the interpreter: a fresh one gets them back before any run.
        const files = this.options.inputFiles()
        if (files.length > 0) await raceDeath(worker.host, worker.host.runtime.writeFiles(files))
        return info
      })
      .catch((error: unknown) => {
        throw new SandboxStartError(`Python could not start: ${errorMessage(error)}`, { cause: error })
      })
    ready.catch(() => {}) // reported through ready() and the next run, not as unhandled
    let started = false
    worker.booted.then(() => (started = true), () => {})
    return {
      host: worker.host,
      ready,
      get gone() {
        return worker.gone
      },
      get started() {
        return started
      },
      listen: (onEvent) => worker.listen(onEvent),
    }
  }

  /** Starts the next worker in the background, a spare or a standby, when there is none. */
  prepareNext(): void {
    if (this.hasNext || this.disposed) return
    if (this.options.spare) this.prepareSpare()
    else this.prepareStandby()
  }

  /** Whether a spare or a standby is there or on its way. */
  get hasNext(): boolean {
    return this.spare !== undefined || this.standby !== undefined
  }

  /** Terminates the spare and the standby, for good. */
  dispose(): void {
    this.disposed = true
    this.spare?.host.terminate()
    this.standby?.terminate()
    this.spare = undefined
    this.standby = undefined
  }

  private prepareSpare(): void {
    const spare = this.boot()
    this.spare = spare
    const forget = () => {
      if (this.spare === spare) this.spare = undefined
    }
    spare.booted.then(() => {
      if (this.spare === spare) this.options.onNextReady?.('spare')
    }, forget) // on failure the next take() starts one of its own, and says why if that fails too
    void spare.host.died.then(forget)
  }

  private prepareStandby(): void {
    // No copy of the snapshot: it would cost as much memory as a spare. The start reads it then.
    const standby = createSupportedHost(this.options.createHost, { interrupts: this.options.interrupts })
    this.standby = standby
    // Once taken, a failure is the start's to report (init() fails the same way), not ours.
    const forget = () => {
      if (this.standby !== standby) return
      this.standby = undefined
      standby.terminate()
    }
    standby.prepare(this.files).then(() => {
      if (this.standby === standby) this.options.onNextReady?.('standby')
    }, forget) // as for a spare: the next take() starts one of its own
    void standby.died.then(forget)
  }

  private takeStandby(): WorkerHost | undefined {
    const standby = this.standby
    this.standby = undefined
    return standby
  }

  private takeSpare(): BootingWorker | undefined {
    const spare = this.spare
    this.spare = undefined
    return spare && !spare.gone ? spare : undefined
  }

  /** Starts Python in a worker: a standby, or a new one from the factory. */
  private boot(standby?: WorkerHost): BootingWorker {
    const host = standby ?? createSupportedHost(this.options.createHost, { interrupts: this.options.interrupts })
    let gone = false
    let listener: (data: unknown) => void = () => {}
    void host.died.then(() => (gone = true))
    const { startTimeoutMs } = this.options
    let timer: ReturnType<typeof setTimeout> | undefined
    const tooSlow = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`Python did not start within ${startTimeoutMs / 1000} s`))
        host.terminate()
      }, startTimeoutMs)
    })
    // A new worker fetches Pyodide's files while the snapshot is read from the cache; a standby has them already.
    if (!standby) host.prepare(this.files).catch(() => {}) // a failure fails init() too, and is reported there
    const plan = this.snapshots.plan()
    const init = ({ snapshot, makeSnapshot }: SnapshotPlan) => host.init({ ...this.options.init, snapshot, makeSnapshot }, (data) => listener(data))
    const booted = raceDeath(host, Promise.race([plan.then(init), tooSlow]))
      .then(async (info) => {
        if (!isRuntimeInfo(info)) throw new Error('the Python runtime answered its start with malformed data')
        await raceDeath(host, this.snapshots.settle(await plan, info, host))
        return info
      })
      .finally(() => {
        clearTimeout(timer)
        void plan.then((taken) => this.snapshots.release(taken))
      })
    booted.catch(() => {})
    return {
      host,
      booted,
      get gone() {
        return gone
      },
      listen(onEvent) {
        listener = onEvent
      },
    }
  }
}

/** A call to the worker, unless the worker dies first. */
export function raceDeath<T>(host: WorkerHost, call: Promise<T>): Promise<T> {
  return Promise.race([call, host.died.then((reason) => Promise.reject(new Error(reason)))])
}

