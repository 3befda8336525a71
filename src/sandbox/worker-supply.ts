/**
 * Where the sandbox gets its workers: "give me a ready worker".
 *
 * Every worker is made by the one host factory (the isolated frame by
 * default) and started the same way; the sandbox client does not care how.
 * A worker is handed out only with the app's input files put back into it.
 */
import type { InputFile, RuntimeInfo } from '../protocol.ts'
import { SandboxStartError } from './errors.ts'
import { isRuntimeInfo } from './validate.ts'
import type { HostInitOptions, WorkerHost, WorkerHostFactory } from './worker-host.ts'

export interface WorkerSupplyOptions {
  createHost: WorkerHostFactory
  interrupts: boolean
  init: HostInitOptions
  /** The app's files (from `putFiles`), as they are when a worker is handed out. */
  inputFiles: () => InputFile[]
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
  constructor(private readonly options: WorkerSupplyOptions) {}

  /** A worker for the sandbox to use now. */
  take(): SuppliedWorker {
    const worker = this.boot()
    const ready = worker.booted
      .then(async (info) => {
        // The app's files outlive the interpreter: a fresh one gets them back before any run.
        const files = this.options.inputFiles()
        if (files.length > 0) await raceDeath(worker.host, worker.host.runtime.writeFiles(files))
        return info
      })
      .catch((error: unknown) => {
        throw new SandboxStartError(`Python could not start: ${describe(error)}`, { cause: error })
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

  /** Starts a worker through the factory. */
  private boot(): BootingWorker {
    const host = this.options.createHost({ interrupts: this.options.interrupts })
    let gone = false
    let listener: (data: unknown) => void = () => {}
    void host.died.then(() => (gone = true))
    const booted = raceDeath(
      host,
      host.init(this.options.init, (data) => listener(data)),
    ).then((info) => {
      if (!isRuntimeInfo(info)) throw new Error('the Python runtime answered its start with malformed data')
      return info
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

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
