/**
 * `PythonSandbox`: the main-thread client of the Python worker.
 *
 * It queues calls one after another and speaks for the sandbox to the app.
 * The worker it uses comes from `current-worker.ts` (the restart) and
 * `worker-supply.ts` (where workers come from); each run's deadline is kept by
 * `deadline.ts`. No call can hang: every wait races the worker's death and
 * `dispose()`.
 */
import type { DescribedExecutor, ExecutorEnvironment, FileAcceptingExecutor, FilePrivacy, OutputChunk, RunOptions } from '../executor.ts'
import { bytesToRead, describeFile } from '../files/preview.ts'
import { WORKING_DIRECTORY } from '../files/names.ts'
import type { FileInfo, LoadStage, PackageProgress, PreloadOutcome, PreloadPhase, RunResult, RuntimeInfo } from '../protocol.ts'
import { CurrentWorker } from './current-worker.ts'
import { CodeRun } from './deadline.ts'
import { Emitter } from './emitter.ts'
import { SandboxDisposedError } from './errors.ts'
import { createFrameHost } from './frame-host.ts'
import { InputFiles, type FileToPut } from './input-files.ts'
import { checkTimeout, resolveSandboxOptions, type ResolvedSandboxOptions, type SandboxOptions } from './options.ts'
import { stoppedResult, takenOverResult } from './results.ts'
import { stopLeftoversWhileWaiting } from './leftover-stopper.ts'
import { nextState, type SandboxState, type SandboxTransition } from './state.ts'
import { isFileInfo, isPreloadOutcome, isRuntimeEvent } from './validate.ts'
import type { WorkerHost } from './worker-host.ts'
import { WorkerSupply, type SuppliedWorker } from './worker-supply.ts'
import { dedentBlock } from './dedent.ts'
import { Preloads } from './preloads.ts'

export interface SandboxEvents extends Record<string, unknown> {
  /** The sandbox moved to a new state. */
  state: SandboxState
  /** A stage of the runtime's start was reached. */
  load: { stage: LoadStage }
  /** A run printed something. */
  output: OutputChunk & { runId: number }
  /**
   * A package a run imports is downloading or installing; `preload: true` (and
   * `runId` 0) for a package loaded ahead of a run on a `preload()` hint.
   */
  package: PackageProgress & { runId: number; preload?: true }
  /**
   * A step of a `preload()` hint ended: the library's packages were loaded
   * (`phase: 'load'`), then it was imported (`phase: 'import'`), or why not.
   */
  preload: { name: string; phase: PreloadPhase; outcome: PreloadOutcome }
  /**
   * The next worker is ready to take over: `'ready'`, a spare started Python
   * (the `spare` option); `'standby'`, without a spare, a worker fetched
   * Pyodide's files and starts Python when it takes over.
   */
  spare: 'ready' | 'standby'
}

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
  private readonly worker: CurrentWorker
  private readonly supply: WorkerSupply
  private spareTimer: ReturnType<typeof setTimeout> | undefined
  private queue: Promise<unknown> = Promise.resolve()
  // Calls queued and not yet ended: preloads wait for none.
  private waiting = 0
  private nextRunId = 1
  private active: { run: CodeRun; worker: SuppliedWorker } | undefined
  private markDisposed!: () => void
  private readonly disposal = new Promise<void>((resolve) => (this.markDisposed = resolve))
  private readonly inputFiles: InputFiles
  private readonly preloads = new Preloads({
    idle: () => this.queueIdle(),
    step: (name, phase) => this.preloadStep(name, phase),
    disposed: () => this.current === 'disposed',
  })

  constructor(options?: SandboxOptions) {
    this.options = resolveSandboxOptions(options)
    this.inputFiles = new InputFiles(this.options.inputFiles)
    const { indexURL, packagesURL, outputLimitBytes, maxSourceBytes, outputFiles, images } = this.options
    this.supply = new WorkerSupply({
      createHost: this.options.createHost ?? createFrameHost,
      interrupts: this.options.interrupts,
      init: { indexURL, packagesURL, outputLimitBytes, maxSourceBytes, outputFiles, images },
      inputFiles: () => this.inputFiles.all(),
      startTimeoutMs: this.options.packageLoadTimeoutMs,
      spare: this.options.spare,
      snapshot: this.options.snapshot,
      cacheSnapshot: this.options.cacheSnapshot,
      onNextReady: (kind) => this.events.emit('spare', kind === 'spare' ? 'ready' : 'standby'),
    })
    this.worker = new CurrentWorker(this.supply, {
      onEvent: (worker, data) => this.receive(worker, data),
      onStarted: () => {
        if (this.current !== 'disposed') this.moveTo('started')
      },
      onRestart: () => this.moveTo('restart'),
      // Not at once: the run that follows a takeover should not compete with the next worker's start.
      onTakenOver: () => (this.prepareNextWhenIdle(), this.preloads.replay()),
      raceDisposal: (promise) => this.raceDisposal(promise),
    })
  }

  /** `'starting' | 'ready' | 'running' | 'restarting' | 'disposed'` */
  get state(): SandboxState {
    return this.current
  }

  /** Subscribes to `state`, `load`, `output`, `package` or `spare` events; returns the unsubscribe function. */
  on<K extends keyof SandboxEvents>(type: K, listener: (value: SandboxEvents[K]) => void): () => void {
    return this.events.on(type, listener)
  }

  /** Resolves once Python is loaded. Rejects with `SandboxStartError` or `SandboxDisposedError`. */
  ready(): Promise<RuntimeInfo> {
    if (this.current === 'disposed') return Promise.reject(new SandboxDisposedError())
    return this.worker.starting()
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
   * A hint that a coming run will likely import these libraries (top-level
   * import names, e.g. `['pandas', 'matplotlib']`): while the sandbox is idle
   * it loads and imports them, so that run's code starts at once. Only into
   * `sys.modules`: a run's result never depends on a preload, and no run ever
   * waits for one (see preloads.ts). Names the sandbox does not offer are
   * ignored; nothing is loaded over `preloadMaxHeapBytes` or with `preload: false`.
   * `signal` drops the hints not acted on yet. A worker that takes over loads them again.
   */
  preload(libraries: readonly string[], { signal }: { signal?: AbortSignal } = {}): void {
    if (!this.options.preload || this.current === 'disposed' || !Array.isArray(libraries)) return
    this.preloads.add(libraries, signal)
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
      await this.callWorker((runtime) => runtime.writeFiles(prepared))
      this.inputFiles.keep(prepared)
      return prepared.map(({ name, data }) => ({ name, size: data.length }))
    })
  }

  /** Removes files put with `putFiles` (or written by code) from the working directory. */
  removeFiles(names: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      await this.callWorker((runtime) => runtime.removeFiles([...names]))
      this.inputFiles.forget(names)
    })
  }

  /** Every file in the working directory (the app's and those the code wrote), with sizes. */
  listFiles(): Promise<FileInfo[]> {
    return this.enqueue(() => this.listWorkingDirectory())
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
      return Promise.all(
        (await this.listWorkingDirectory()).map(async (file) => {
          const head: unknown = maxBytes > 0 ? await this.callWorker((runtime) => runtime.readFileHead(file.name, maxBytes)) : new Uint8Array()
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
      this.worker.replace()
      await this.worker.starting()
    })
  }

  /** Terminates the worker. The run in progress and queued runs reject with `SandboxDisposedError`. */
  dispose(): void {
    if (this.current === 'disposed') return
    this.moveTo('dispose')
    this.markDisposed()
    clearTimeout(this.spareTimer)
    this.worker.dispose()
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++
    const result = this.queue.then(() => {
      if (this.current === 'disposed') throw new SandboxDisposedError()
      return task()
    })
    this.queue = result.catch(() => {}).finally(() => this.waiting--)
    return result
  }

  /** Resolves once no call waits in the queue (checked in the turn it resolves). */
  private async queueIdle(): Promise<void> {
    while (this.waiting > 0) await this.queue
  }

  /** One phase of one library's preload, as a queued call; a worker that does not answer is stuck, as in `callWorker`. */
  private preloadStep(name: string, phase: PreloadPhase): Promise<PreloadOutcome | undefined> {
    return this.enqueue(async () => {
      const outcome: unknown = await this.callWorker<unknown>((runtime) => runtime.preload({ name, phase, maxHeapBytes: this.options.preloadMaxHeapBytes }), {
        limitMs: this.options.packageLoadTimeoutMs,
        attempts: 1,
        // Stopping leftovers interrupts Python between runs, which is where a preload's import runs.
        stopLeftovers: false,
      }).catch(() => undefined)
      if (!isPreloadOutcome(outcome)) return undefined
      this.events.emit('preload', { name, phase, outcome })
      return outcome
    })
  }

  /** Runs code; if the worker never took it up, none of it ran, so it runs on the worker's replacement. */
  private async execute(code: string, options: RunOptions): Promise<RunResult> {
    const first = await this.executeOnce(code, options)
    if (!first.notTaken) return first.result
    const second = await this.executeOnce(code, options)
    return second.notTaken ? second.result : takenOverResult(second.result, first.notTaken.afterMs)
  }

  private async executeOnce(code: string, options: RunOptions): Promise<{ result: RunResult; notTaken?: { afterMs: number } }> {
    const worker = await this.worker.ready()
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs
    const { signal, onOutput } = options
    if (signal?.aborted) {
      return { result: stoppedResult({ reason: 'stopped', timeoutMs, durationMs: 0, printed: { stdout: '', stderr: '', truncated: false } }) }
    }
    const runId = this.nextRunId++
    this.moveTo('run')
    worker.host.clearInterrupt()
    const run = new CodeRun({
      host: worker.host,
      runId,
      code,
      timeoutMs,
      loadTimeoutMs: this.options.packageLoadTimeoutMs,
      acceptTimeoutMs: this.options.responseTimeoutMs,
      graceMs: this.options.interruptGraceMs,
      outputLimitBytes: this.options.outputLimitBytes,
      signal,
      disposal: this.disposal,
      onOutput: (chunk) => {
        onOutput?.(chunk)
        this.events.emit('output', { ...chunk, runId })
      },
      onPackage: (progress) => this.events.emit('package', { ...progress, runId }),
    })
    this.active = { run, worker }
    try {
      const { result, workerLost, notTaken } = await run.end()
      // Disposing also kills the worker: whichever of the two the race saw first, the answer is the same.
      if (this.current === 'disposed') throw new SandboxDisposedError()
      if (workerLost) this.worker.replace()
      else this.moveTo('finished')
      this.prepareNextWhenIdle()
      return { result, notTaken }
    } finally {
      this.active = undefined
    }
  }

  /**
   * Starts the next worker (a spare or a standby) once the sandbox has been
   * idle for a moment after a run: not while code runs (the two would compete
   * for the processor), and not for a sandbox that is disposed right after
   * its only run.
   */
  private prepareNextWhenIdle(): void {
    if (this.supply.hasNext) return
    clearTimeout(this.spareTimer)
    this.spareTimer = setTimeout(() => {
      if (this.current === 'ready') this.supply.prepareNext()
    }, SPARE_IDLE_MS)
  }

  /** Every message from a worker's event port goes through here, checked before use. */
  private receive(worker: SuppliedWorker, data: unknown): void {
    if (worker !== this.worker.now || !isRuntimeEvent(data)) return
    if (data.type === 'package' && data.preload) {
      const { type: _type, ...progress } = data
      this.events.emit('package', { ...progress, runId: 0, preload: true })
      return
    }
    if (data.type === 'load') {
      // Stages only mean something while the runtime starts: later ones are stale (a spare's own start,
      // delivered late), or user code posting.
      if (!worker.started && (this.current === 'starting' || this.current === 'restarting')) this.events.emit('load', { stage: data.stage })
      return
    }
    const active = this.active
    if (active?.worker === worker && active.run.runId === data.runId) active.run.receive(data)
  }

  private moveTo(transition: SandboxTransition): void {
    const next = nextState(this.current, transition)
    if (next === this.current) return
    this.current = next
    this.events.emit('state', next)
  }

  private async listWorkingDirectory(): Promise<FileInfo[]> {
    const files: unknown = await this.callWorker((runtime) => runtime.listFiles())
    if (!Array.isArray(files) || !files.every(isFileInfo)) throw new Error('The Python runtime listed its files in a malformed answer.')
    return files as FileInfo[]
  }

  /**
   * A call about files to the worker in use, bounded in time: a worker that
   * does not answer is stuck (see `responseTimeoutMs`), so it is replaced and
   * the call made once more on the new one. Rejects if the worker dies or the
   * sandbox is disposed first.
   */
  private async callWorker<T>(
    call: (runtime: WorkerHost['runtime']) => Promise<T>,
    { limitMs = Math.max(this.options.responseTimeoutMs, MIN_FILE_CALL_TIMEOUT_MS), attempts = 2, stopLeftovers = true } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { host } = await this.worker.ready()
      // A file call waits behind what earlier runs left running too (it has no run id: the next run's stands in).
      // Copying large files takes a while, so only a call slow to answer asks.
      const stopAsking = !stopLeftovers ? () => {} : stopLeftoversWhileWaiting({ stop: () => host.stopLeftovers(this.nextRunId), firstAfterMs: 1_000 })
      let timer: number | undefined
      const answer = await this.raceDisposal(
        Promise.race([
          call(host.runtime).then((value) => ({ value })),
          host.died.then((reason) => Promise.reject(new Error(`The Python runtime stopped: ${reason}.`))),
          new Promise<undefined>((resolve) => (timer = globalThis.setTimeout(resolve, limitMs) as unknown as number)),
        ]),
      ).finally(() => (clearTimeout(timer), stopAsking()))
      if (answer) return answer.value
      if (attempt >= attempts) throw new Error(`The Python runtime did not answer within ${limitMs / 1000} s.`)
      this.worker.replace()
    }
  }

  private raceDisposal<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.disposal.then(() => Promise.reject(new SandboxDisposedError()))])
  }
}

/** File calls copy bytes (up to 200 MiB in all), which takes time on a slow machine. */
const MIN_FILE_CALL_TIMEOUT_MS = 30_000

/** How long the sandbox waits, idle after a run, before starting its spare. */
const SPARE_IDLE_MS = 1_000
