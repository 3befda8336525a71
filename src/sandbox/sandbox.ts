/**
 * `PythonSandbox`: the main-thread client of the Python worker.
 *
 * It owns one worker at a time, queues runs one after another, enforces each
 * run's deadline (interrupt first, terminate and respawn second), and makes
 * sure no call can hang: every wait races the worker's death and `dispose()`.
 */
import type { DescribedExecutor, ExecutorEnvironment, FileAcceptingExecutor, FilePrivacy, OutputChunk, RunOptions } from '../executor.ts'
import { bytesToRead, describeFile } from '../files/preview.ts'
import { WORKING_DIRECTORY } from '../files/names.ts'
import type { FileInfo, LoadStage, PackageProgress, RunResult, RuntimeInfo } from '../protocol.ts'
import { Emitter } from './emitter.ts'
import { SandboxDisposedError, SandboxStartError } from './errors.ts'
import { InputFiles, type FileToPut } from './input-files.ts'
import { LiveOutput } from './live-output.ts'
import { checkTimeout, resolveSandboxOptions, type ResolvedSandboxOptions, type SandboxOptions } from './options.ts'
import { crashResult, stoppedResult } from './results.ts'
import { nextState, type SandboxState, type SandboxTransition } from './state.ts'
import { makeProductsInert } from './inert-products.ts'
import { isFileInfo, isRunResult, isRuntimeEvent, isRuntimeInfo } from './validate.ts'
import { dedentBlock } from './dedent.ts'
import { startWatchdog, type Watchdog } from './watchdog.ts'
import { createFrameHost } from './frame-host.ts'
import type { WorkerHost } from './worker-host.ts'

export interface SandboxEvents extends Record<string, unknown> {
  /** The sandbox moved to a new state. */
  state: SandboxState
  /** A stage of the runtime's start was reached. */
  load: { stage: LoadStage }
  /** A run printed something. */
  output: OutputChunk & { runId: number }
  /** A package a run imports is downloading or installing. */
  package: PackageProgress & { runId: number }
}

interface ActiveRun {
  runId: number
  watchdog?: Watchdog
  /** Called when the worker's end-of-run marker arrives on the event port. */
  finished?: () => void
  host: WorkerHost
  printed: LiveOutput
  onOutput: ((chunk: OutputChunk) => void) | undefined
}

type Settled =
  | { kind: 'returned'; value: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'died'; reason: string }
  | { kind: 'killed' }
  | { kind: 'disposed' }

/**
 * A Python interpreter (Pyodide) in a Web Worker.
 *
 * @example
 * const sandbox = new PythonSandbox({ timeoutMs: 10_000 })
 * const result = await sandbox.run('print(sum(range(10)))')
 * result.outcome // 'OUTCOME_OK'
 * result.output  // '45\n'
 */
export class PythonSandbox implements DescribedExecutor, FileAcceptingExecutor {
  readonly options: ResolvedSandboxOptions
  private current: SandboxState = 'starting'
  private readonly events = new Emitter<SandboxEvents>()
  private host!: WorkerHost
  private hostGone = false
  private starting!: Promise<RuntimeInfo>
  private queue: Promise<unknown> = Promise.resolve()
  private nextRunId = 1
  private active: ActiveRun | undefined
  private markDisposed!: () => void
  private readonly disposal = new Promise<void>((resolve) => (this.markDisposed = resolve))
  private readonly inputFiles: InputFiles

  constructor(options?: SandboxOptions) {
    this.options = resolveSandboxOptions(options)
    this.inputFiles = new InputFiles(this.options.inputFiles)
    this.spawn()
  }

  /** `'starting' | 'ready' | 'running' | 'restarting' | 'disposed'` */
  get state(): SandboxState {
    return this.current
  }

  /** Subscribes to `state`, `load` or `output` events; returns the unsubscribe function. */
  on<K extends keyof SandboxEvents>(type: K, listener: (value: SandboxEvents[K]) => void): () => void {
    return this.events.on(type, listener)
  }

  /** Resolves once Python is loaded. Rejects with `SandboxStartError` or `SandboxDisposedError`. */
  ready(): Promise<RuntimeInfo> {
    if (this.current === 'disposed') return Promise.reject(new SandboxDisposedError())
    return this.raceDisposal(this.starting)
  }

  /**
   * Runs code after the runs queued before it. Resolves with a `RunResult`
   * whatever the code does; rejects only when the sandbox is disposed
   * (`SandboxDisposedError`) or Python cannot start (`SandboxStartError`).
   */
  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    if (typeof code !== 'string') return Promise.reject(new TypeError('code must be a string'))
    if (options.timeoutMs !== undefined) checkTimeout('timeoutMs', options.timeoutMs)
    // A block the model indented as a whole runs, as in Google's own sandbox.
    const block = dedentBlock(code)
    return this.enqueue(() => this.execute(block, options))
  }

  /**
   * Puts files into the Python working directory, after the queued runs, under
   * their own names (`'sales.csv'`, `'inputs/photo.png'`). They stay there
   * through `reset()` and worker restarts until removed; files the code writes
   * do not. Rejects with `SandboxFileError` for a name outside the working
   * directory or a file over the size limits, and then puts none of them.
   *
   * @example
   * await sandbox.putFiles([{ name: 'data.csv', data: await file.arrayBuffer() }])
   */
  putFiles(files: readonly FileToPut[]): Promise<FileInfo[]> {
    return this.enqueue(async () => {
      const prepared = await this.inputFiles.prepare(files)
      const host = await this.startedHost()
      await this.raceDeath(host, host.runtime.writeFiles(prepared))
      this.inputFiles.keep(prepared)
      return prepared.map(({ name, data }) => ({ name, size: data.length }))
    })
  }

  /** Removes files put with `putFiles` (or written by code) from the working directory. */
  removeFiles(names: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      const host = await this.startedHost()
      await this.raceDeath(host, host.runtime.removeFiles([...names]))
      this.inputFiles.forget(names)
    })
  }

  /** Every file in the working directory (the app's and those the code wrote), with sizes. */
  listFiles(): Promise<FileInfo[]> {
    return this.enqueue(async () => this.filesOf(await this.startedHost()))
  }

  /**
   * What this sandbox offers, for a model's tool description: the Python
   * version, the libraries, and the files in the working directory with as
   * much of their content as `filePrivacy` allows.
   */
  async environment({ filePrivacy }: { filePrivacy: FilePrivacy }): Promise<ExecutorEnvironment> {
    const info = await this.ready()
    const maxBytes = bytesToRead(filePrivacy)
    const files = await this.enqueue(async () => {
      const host = await this.startedHost()
      return Promise.all(
        (await this.filesOf(host)).map(async (file) => {
          const head: unknown = maxBytes > 0 ? await this.raceDeath(host, host.runtime.readFileHead(file.name, maxBytes)) : new Uint8Array()
          return describeFile(file, head instanceof Uint8Array ? head : new Uint8Array(), filePrivacy)
        }),
      )
    })
    return {
      pythonVersion: info.pythonVersion,
      // From the lock the worker actually loaded: the model is never told of a library that is not there.
      libraries: info.libraries.map((library) => library.name),
      workingDirectory: WORKING_DIRECTORY,
      files,
      displayImages: true, // worker/py/display.py makes display() a builtin
    }
  }

  /**
   * Starts a fresh interpreter after the queued runs: new globals and imports,
   * nothing the earlier code patched or wrote. Files put with `putFiles` are
   * put back.
   */
  reset(): Promise<void> {
    return this.enqueue(async () => {
      this.replaceWorker()
      await this.raceDisposal(this.starting)
    })
  }

  /** Terminates the worker. The run in progress and queued runs reject with `SandboxDisposedError`. */
  dispose(): void {
    if (this.current === 'disposed') return
    this.moveTo('dispose')
    this.markDisposed()
    this.host.terminate()
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() => {
      if (this.current === 'disposed') throw new SandboxDisposedError()
      return task()
    })
    this.queue = result.catch(() => {})
    return result
  }

  private spawn(): void {
    const createHost = this.options.createHost ?? createFrameHost
    const host = createHost({ interrupts: this.options.interrupts })
    this.host = host
    this.hostGone = false
    void host.died.then(() => {
      if (this.host === host) this.hostGone = true
    })
    const { indexURL, packagesURL, outputLimitBytes, maxSourceBytes, outputFiles, images } = this.options
    const init = host
      .init({ indexURL, packagesURL, outputLimitBytes, maxSourceBytes, outputFiles, images }, (data) => this.receive(host, data))
      .then(async (info) => {
        // The app's files outlive the interpreter: a fresh one gets them back before any run.
        const files = this.inputFiles.all()
        if (files.length > 0) await host.runtime.writeFiles(files)
        return info
      })
    this.starting = Promise.race([
      init,
      host.died.then((reason) => Promise.reject(new Error(reason))),
    ]).then(
      (info) => {
        if (!isRuntimeInfo(info)) throw new SandboxStartError('The Python runtime answered its start with malformed data.')
        if (this.host === host && this.current !== 'disposed') this.moveTo('started')
        return info
      },
      (error: unknown) => {
        throw new SandboxStartError(`Python could not start: ${describe(error)}`, { cause: error })
      },
    )
    this.starting.catch(() => {}) // reported through ready() and the next run, not as unhandled
  }

  private replaceWorker(): void {
    this.host.terminate()
    this.moveTo('restart')
    this.spawn()
  }

  private async startedHost(): Promise<WorkerHost> {
    if (this.hostGone) this.replaceWorker()
    try {
      await this.raceDisposal(this.starting)
    } catch (error) {
      if ((error as Error).name !== 'SandboxStartError') throw error
      this.replaceWorker() // a failed start may succeed later (the network came back), so the next run tries again
      throw error
    }
    return this.host
  }

  private async execute(code: string, options: RunOptions): Promise<RunResult> {
    const host = await this.startedHost()
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs
    const { signal } = options
    const printed = new LiveOutput(this.options.outputLimitBytes)
    if (signal?.aborted) return stoppedResult({ reason: 'stopped', timeoutMs, durationMs: 0, printed: printed.snapshot() })

    const runId = this.nextRunId++
    let markFinished!: () => void
    const finished = new Promise<void>((resolve) => (markFinished = resolve))
    this.active = { runId, host, printed, onOutput: options.onOutput, finished: markFinished }
    this.moveTo('run')
    host.clearInterrupt()
    const watchdog = startWatchdog({
      timeoutMs,
      loadTimeoutMs: this.options.packageLoadTimeoutMs,
      graceMs: this.options.interruptGraceMs,
      interrupt: () => host.interrupt(),
    })
    this.active.watchdog = watchdog
    const onAbort = () => watchdog.stop('stopped')
    signal?.addEventListener('abort', onAbort, { once: true })
    const started = performance.now()

    const settled = await Promise.race<Settled>([
      host.runtime.run({ runId, code }).then(
        (value) => ({ kind: 'returned', value }),
        (error: unknown) => ({ kind: 'threw', error }),
      ),
      host.died.then((reason) => ({ kind: 'died', reason })),
      watchdog.kill.then(() => ({ kind: 'killed' })),
      this.disposal.then(() => ({ kind: 'disposed' })),
    ])
    watchdog.cancel()
    signal?.removeEventListener('abort', onAbort)
    const durationMs = performance.now() - started
    if (settled.kind === 'returned') {
      // The result can overtake the run's last output events, which travel on the event port: wait for its marker.
      // Code that tampers with the worker's ports could withhold it, hence the bound.
      await Promise.race([finished, host.died, delay(FINISHED_MARKER_WAIT_MS)])
    } else if (settled.kind === 'died') {
      // News of a death comes by another route (the frame) and can overtake what the run printed just before;
      // a dead worker sends no marker, so give what is already in flight a moment to land.
      await delay(IN_FLIGHT_OUTPUT_WAIT_MS)
    }
    this.active = undefined
    const soFar = printed.snapshot()

    // Disposing also kills the worker: whichever of the two the race saw first, the answer is the same.
    if (this.current === 'disposed') throw new SandboxDisposedError()
    switch (settled.kind) {
      case 'disposed':
        throw new SandboxDisposedError()
      case 'returned':
        if (!isRunResult(settled.value)) {
          this.replaceWorker()
          return crashResult({ cause: 'it returned a malformed result', durationMs, printed: soFar })
        }
        this.moveTo('finished')
        const returned = makeProductsInert(settled.value) // files and images from the sandbox: inert types only
        if (watchdog.reason === 'load-timeout') return returned // the loader's own failure says more than a timeout would
        if (watchdog.reason) return stoppedResult({ reason: watchdog.reason, timeoutMs, durationMs, returned, printed: soFar })
        return returned
      case 'threw':
        this.replaceWorker()
        return crashResult({ cause: describe(settled.error), durationMs, printed: soFar })
      case 'died':
        this.replaceWorker()
        return crashResult({ cause: settled.reason, durationMs, printed: soFar })
      case 'killed':
        this.replaceWorker()
        return stoppedResult({
          reason: watchdog.reason ?? 'deadline',
          timeoutMs: watchdog.reason === 'load-timeout' ? this.options.packageLoadTimeoutMs : timeoutMs,
          durationMs,
          printed: soFar,
        })
    }
  }

  /** Every message from the worker's event port goes through here, checked before use. */
  private receive(host: WorkerHost, data: unknown): void {
    if (host !== this.host || !isRuntimeEvent(data)) return
    if (data.type === 'load') {
      // Stages only mean something while the runtime starts; later ones can only be user code posting.
      if (this.current === 'starting' || this.current === 'restarting') this.events.emit('load', { stage: data.stage })
      return
    }
    const run = this.active
    if (!run || run.host !== host || run.runId !== data.runId) return
    if (data.type === 'executing') {
      run.watchdog?.codeStarted()
      return
    }
    if (data.type === 'finished') {
      run.finished?.()
      return
    }
    if (data.type === 'package') {
      const { type: _type, ...progress } = data
      this.events.emit('package', progress)
      return
    }
    if (!run.printed.add(data.stream, data.text)) return
    const chunk = { stream: data.stream, text: data.text }
    run.onOutput?.(chunk)
    this.events.emit('output', { ...chunk, runId: data.runId })
  }

  private moveTo(transition: SandboxTransition): void {
    const next = nextState(this.current, transition)
    if (next === this.current) return
    this.current = next
    this.events.emit('state', next)
  }

  private async filesOf(host: WorkerHost): Promise<FileInfo[]> {
    const files: unknown = await this.raceDeath(host, host.runtime.listFiles())
    if (!Array.isArray(files) || !files.every(isFileInfo)) throw new Error('The Python runtime listed its files in a malformed answer.')
    return files as FileInfo[]
  }

  /** A call to the worker, unless the worker dies or the sandbox is disposed first. */
  private raceDeath<T>(host: WorkerHost, call: Promise<T>): Promise<T> {
    return this.raceDisposal(
      Promise.race([call, host.died.then((reason) => Promise.reject(new Error(`The Python runtime stopped: ${reason}.`)))]),
    )
  }

  private raceDisposal<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.disposal.then(() => Promise.reject(new SandboxDisposedError()))])
  }
}

/** How long a returned run waits for its end-of-run marker; it normally arrives within a message or two. */
const FINISHED_MARKER_WAIT_MS = 1_000
/** How long a run whose worker died waits for output already posted; only the crash path pays it. */
const IN_FLIGHT_OUTPUT_WAIT_MS = 250

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
