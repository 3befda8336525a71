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
 * The memory snapshot: the first cold start also takes a snapshot of Pyodide
 * right after it loaded (before the sandbox's setup, before any user code, so
 * nothing of a run can be in it). Later starts restore it instead of loading
 * Python cold, and then run the same setup as a cold start. With
 * `cacheSnapshot`, the snapshot is also kept in Cache Storage, and the first
 * start of the next visit restores it (snapshot-cache.ts).
 */
import type { InputFile, MemorySnapshot, RuntimeInfo } from '../protocol.ts'
import { SandboxStartError } from './errors.ts'
import { isMemorySnapshot, isRuntimeInfo } from './validate.ts'
import { loadCachedSnapshot, storeSnapshot } from './snapshot-cache.ts'
import type { HostInitOptions, WorkerHost, WorkerHostFactory } from './worker-host.ts'
import { errorMessage } from '../error-message.ts'

export interface WorkerSupplyOptions {
  createHost: WorkerHostFactory
  interrupts: boolean
  init: HostInitOptions
  /** The app's files (from `putFiles`), as they are when a worker is handed out. */
  inputFiles: () => InputFile[]
  /** Limit on starting a worker, Python included: one that takes longer is terminated and the start fails. */
  startTimeoutMs: number
  /** Keep a spare worker started in the background (`prepareSpare()`). */
  spare: boolean
  /** Start later workers from a memory snapshot taken by the first cold start. */
  snapshot: boolean
  /** Keep the snapshot in Cache Storage for the next visit, and start from the one kept there. */
  cacheSnapshot: boolean
  /** A spare finished starting and waits to take over. */
  onSpareReady?: () => void
}

/** A worker handed out by the supply. */
export interface SuppliedWorker {
  readonly host: WorkerHost
  /** Python loaded and the app's files put back. Rejects with `SandboxStartError`. */
  readonly ready: Promise<RuntimeInfo>
  /** True once the worker is gone, however it went. */
  readonly gone: boolean
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
  private disposed = false
  private snapshot: MemorySnapshot | undefined
  // A start is making the snapshot: the others do not make one too.
  private snapshotPending = false
  // The snapshot an earlier visit kept, read once.
  private cachedSnapshot: Promise<MemorySnapshot | undefined>

  constructor(private readonly options: WorkerSupplyOptions) {
    this.cachedSnapshot = options.snapshot && options.cacheSnapshot ? loadCachedSnapshot(options.init) : Promise.resolve(undefined)
  }

  /** A worker for the sandbox to use now: the spare when there is one (started or still starting), else a new one. */
  take(): SuppliedWorker {
    const worker = this.takeSpare() ?? this.boot()
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
    return {
      host: worker.host,
      ready,
      get gone() {
        return worker.gone
      },
      listen: (onEvent) => worker.listen(onEvent),
    }
  }

  /** Starts a spare in the background, when the option is on and there is none. */
  prepareSpare(): void {
    if (!this.options.spare || this.spare || this.disposed) return
    const spare = this.boot()
    this.spare = spare
    const forget = () => {
      if (this.spare === spare) this.spare = undefined
    }
    spare.booted.then(() => {
      if (this.spare === spare) this.options.onSpareReady?.()
    }, forget) // on failure the next take() starts one of its own, and says why if that fails too
    void spare.host.died.then(forget)
  }

  /** Whether a spare is started or starting. */
  get hasSpare(): boolean {
    return this.spare !== undefined
  }

  /** Terminates the spare, for good. */
  dispose(): void {
    this.disposed = true
    this.spare?.host.terminate()
    this.spare = undefined
  }

  /** What a start is given: the snapshot to restore, or the request to make one. */
  private async startPlan(): Promise<{ init: HostInitOptions; snapshot?: MemorySnapshot; makeSnapshot: boolean }> {
    const snapshot = this.snapshot ?? (await this.cachedSnapshot)
    // Asked with or without a snapshot: a start that cannot restore it starts cold and makes a fresh one.
    const makeSnapshot = this.options.snapshot && !this.snapshotPending && (!snapshot || snapshot !== this.snapshot)
    if (makeSnapshot) this.snapshotPending = true
    const init = { ...this.options.init, ...(snapshot ? { snapshot } : {}), ...(makeSnapshot ? { makeSnapshot } : {}) }
    return { init, snapshot, makeSnapshot }
  }

  /** Keeps the snapshot the worker took at its start, when it is well formed, and for the next visit when asked. */
  private async keepSnapshot(host: WorkerHost): Promise<void> {
    const taken: unknown = await host.runtime.takeSnapshot()
    if (!isMemorySnapshot(taken)) return
    this.snapshot = taken
    if (this.options.cacheSnapshot) void storeSnapshot(this.options.init, taken)
  }

  private forgetSnapshot(snapshot: MemorySnapshot): void {
    if (this.snapshot === snapshot) this.snapshot = undefined
    void this.cachedSnapshot.then((cached) => {
      if (cached === snapshot) this.cachedSnapshot = Promise.resolve(undefined)
    })
  }

  private takeSpare(): BootingWorker | undefined {
    const spare = this.spare
    this.spare = undefined
    return spare && !spare.gone ? spare : undefined
  }

  /** Starts a worker through the factory. */
  private boot(): BootingWorker {
    const host = this.options.createHost({ interrupts: this.options.interrupts })
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
    const start = this.startPlan()
    const booted = raceDeath(host, Promise.race([start.then(({ init }) => host.init(init, (data) => listener(data))), tooSlow]))
      .then(async (info) => {
        if (!isRuntimeInfo(info)) throw new Error('the Python runtime answered its start with malformed data')
        const { snapshot, makeSnapshot } = await start
        if (snapshot && info.fromSnapshot) this.snapshot ??= snapshot
        // Refused (another release, lock or build): no later start should try it again.
        if (snapshot && !info.fromSnapshot) this.forgetSnapshot(snapshot)
        // Taken before the worker is handed out, so no user code has run in it yet.
        if (makeSnapshot) await raceDeath(host, this.keepSnapshot(host))
        return info
      })
      .finally(() => {
        clearTimeout(timer)
        void start.then(({ makeSnapshot }) => {
          if (makeSnapshot) this.snapshotPending = false
        })
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

