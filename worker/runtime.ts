/**
 * The worker side of the sandbox: loads Pyodide in named stages and runs code.
 *
 * It knows Python and nothing about Gemini or time limits: it runs until the
 * main thread interrupts it (SharedArrayBuffer) or terminates the worker.
 */
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import type {
  ImageLimits,
  LoadStage,
  OutputFileLimits,
  RunRequest,
  RunResult,
  RuntimeEvent,
  RuntimeInfo,
  RuntimeInitOptions,
  SandboxRuntime,
  MemorySnapshot,
  CoreLocation,
} from '../src/protocol.ts'
import { transfer } from 'comlink'
import { OutputCapture, type Stream } from './output-capture.ts'
import { asError, errnoNames, errorText, type ErrnoNames } from './error-text.ts'
import { catchLeftBehindErrors, collectImages, reopenStandardStreams, settleRun } from './run-safety.ts'
import { changedFiles, listFiles, readFileHead, removeFiles, restoreWorkingDirectory, snapshot, walk, WORKING_DIRECTORY, writeFiles } from './files.ts'
import { createPackageLoader, installImportGuard, type PackageLoader } from './packages.ts'
import { prepareCore, startCore, type PreparedCore } from './pyodide-core.ts'
import type { Prefetch } from './prefetch.ts'
import { installOnDemandImports, type OnDemandImports } from './on-demand-imports.ts'
import { offeredLibraries, type PyodideDistribution } from '../src/packages/distribution.ts'
import { notStartedResult, packageFailureResult, toRunResult, type RunnerOutcome } from './run-result.ts'
import { sourceSizeProblem, DEFAULT_MAX_SOURCE_BYTES } from './source-size.ts'
import { installInterruptibleWaits, type InterruptibleWaits } from './interruptible-wait.ts'
import { BetweenRuns } from './between-runs.ts'
import { holdLeftoverTimers, type TimerScope } from './leftover-timers.ts'
import { createPreloader, type Preloader } from './preload.ts'
import displaySource from './py/display.py?raw'
import matplotlibBackendSource from './py/matplotlib_backend.py?raw'
import runnerSource from './py/runner.py?raw'

interface Runner {
  run(code: string, namespace: PyProxy): Promise<PyProxy>
  namespace: PyProxy
  /** Shows figures left open, then hands over the run's images as (mime type, base64) pairs. */
  takeImages(): [Array<[string, string]>, number]
}

/** Where the sandbox's importable Python helpers live; tracebacks hide frames from here. */
const HELPERS_DIR = '/lib/sandbox'

export function createRuntime(prefetch?: Prefetch): SandboxRuntime {
  let pyodide: PyodideAPI | undefined
  let runner: Runner | undefined
  let packages: PackageLoader | undefined
  let onDemand: OnDemandImports | undefined
  let preloader: Preloader | undefined
  let waits: InterruptibleWaits | undefined
  let interruptBuffer: Int32Array | undefined
  let packageMirror = false
  let fromSnapshot = false
  // The snapshot this start took, until the main thread takes it.
  let madeSnapshot: MemorySnapshot | undefined
  let distribution: PyodideDistribution | undefined
  let events: MessagePort | undefined
  let outputLimitBytes = 0
  let outputFiles: OutputFileLimits = { maxFiles: 0, maxFileBytes: 0, maxTotalBytes: 0 }
  let imageLimits: ImageLimits = { maxImages: 0, maxImageBytes: 0 }
  let maxSourceBytes = DEFAULT_MAX_SOURCE_BYTES
  let errnos: ErrnoNames = new Map()
  let pythonErrorClass!: PyodideAPI['ffi']['PythonError']
  // The capture of the run in progress; streams write into it.
  let capture: OutputCapture | undefined
  // Rejects once Pyodide reports a fatal error: from then on the interpreter is unusable.
  let fatal: Promise<never> = new Promise(() => {})

  // What callbacks left behind by earlier runs raised or printed while no run was going on: told with the next run.
  // Timers are wrapped before Pyodide loads, so no reference to the originals is left for code to capture.
  const betweenRuns = new BetweenRuns(holdLeftoverTimers(globalThis as unknown as TimerScope))
  catchLeftBehindErrors((text) => {
    if (capture) capture.write('stderr', new TextEncoder().encode(`${text}\n`))
    else betweenRuns.notes.error(text)
  }, () => errnos)

  const post = (event: RuntimeEvent) => events?.postMessage(event)
  const stage = (name: LoadStage) => post({ type: 'load', stage: name })

  function writeTo(stream: Stream) {
    return {
      write: (bytes: Uint8Array) => capture?.write(stream, bytes) ?? betweenRuns.notes.output(bytes),
      // Line buffering, as on a terminal: a print before a long loop reaches the page at once.
      isatty: true,
    }
  }

  // The start's first half, done ahead of time by prepare() or at the start itself.
  let prepared: { location: CoreLocation; core: Promise<PreparedCore> } | undefined
  function prepareOnce(location: CoreLocation): Promise<PreparedCore> {
    if (prepared && (prepared.location.indexURL !== location.indexURL || prepared.location.packagesURL !== location.packagesURL)) {
      throw new Error('The Python runtime was prepared for other Pyodide files.')
    }
    prepared ??= { location: { indexURL: location.indexURL, packagesURL: location.packagesURL }, core: prepareCore(location, prefetch) }
    return prepared.core
  }

  async function loadPyodideStage(options: RuntimeInitOptions): Promise<PyodideAPI> {
    stage('loading-pyodide')
    const core = await startCore(await prepareOnce(options), {
      // plt.show() hands figures to display() through this backend instead of warning that Agg cannot show.
      env: { HOME: WORKING_DIRECTORY, MPLBACKEND: 'module://sandbox_matplotlib_backend' },
      snapshot: options.snapshot,
      makeSnapshot: options.makeSnapshot,
    })
    packageMirror = core.mirror
    fromSnapshot = core.fromSnapshot
    madeSnapshot = core.madeSnapshot
    distribution = core.distribution
    prefetch?.clear()
    return core.pyodide
  }

  function setUpStage(py: PyodideAPI, options: RuntimeInitOptions): Runner {
    stage('setting-up')
    py.setStdout(writeTo('stdout'))
    py.setStderr(writeTo('stderr'))
    // The buffer is installed only while the user's code runs (see run()), so a signal can never land in our own Python.
    interruptBuffer = options.interruptBuffer
    waits = installInterruptibleWaits(py, interruptBuffer, (runSignal) => betweenRuns.waitBuffer(runSignal))
    // Before any user code: from here on only the supported libraries can be loaded, and only by us.
    if (!distribution) throw new Error('The Pyodide distribution is not described.')
    packages = createPackageLoader(py, distribution)
    installImportGuard(py, distribution)
    onDemand = installOnDemandImports(py, distribution, packages, post)
    preloader = createPreloader(py, distribution, packages, post)
    installHelpers(py, imageLimits)
    betweenRuns.attach(py, options.betweenRunsBuffer)
    // The runner lives in a namespace of its own, out of sight of the user's `__main__`.
    const scope = py.toPy({}) as PyProxy & { get(name: string): unknown }
    py.runPython(runnerSource, { globals: scope, filename: '<sandbox-runner>' })
    ;(scope.get('install_stdin') as () => void)()
    const display = py.pyimport('sandbox_display') as PyProxy & { show_open_figures(): void; take(): PyProxy }
    return {
      run: scope.get('run') as Runner['run'],
      namespace: (scope.get('new_namespace') as () => PyProxy)(),
      takeImages() {
        display.show_open_figures()
        const taken = display.take()
        try {
          return taken.toJs() as [Array<[string, string]>, number]
        } finally {
          taken.destroy()
        }
      },
    }
  }

  const runtime: SandboxRuntime = {
    async prepare(location) {
      await prepareOnce(location)
    },

    async init(options, port) {
      events = port
      if (options.lifeLock) await holdLifeLock(options.lifeLock)
      outputLimitBytes = options.outputLimitBytes
      outputFiles = options.outputFiles
      imageLimits = options.images
      maxSourceBytes = options.maxSourceBytes ?? DEFAULT_MAX_SOURCE_BYTES
      pyodide = await loadPyodideStage(options)
      errnos = errnoNames((pyodide as unknown as { ERRNO_CODES?: Record<string, number> }).ERRNO_CODES)
      fatal = watchFatalErrors(pyodide)
      pythonErrorClass = pyodide.ffi.PythonError
      runner = setUpStage(pyodide, options)
      stage('ready')
      const info: RuntimeInfo = {
        pythonVersion: pyodide.runPython('import sys; sys.version.split()[0]') as string,
        pyodideVersion: pyodide.version,
        interruptible: options.interruptBuffer !== undefined,
        packageMirror,
        libraries: distribution ? offeredLibraries(distribution) : [],
        ...(fromSnapshot ? { fromSnapshot } : {}),
      }
      return info
    },

    async run({ runId, code }: RunRequest): Promise<RunResult> {
      post({ type: 'accepted', runId })
      if (!pyodide || !runner || !packages) throw new Error('The Python runtime is not initialised.')
      const py = pyodide
      const PythonError = pythonErrorClass
      const started = performance.now()
      const refusal = sourceSizeProblem(code, maxSourceBytes)
      if (refusal) {
        post({ type: 'finished', runId })
        return notStartedResult('SourceTooLarge', refusal, performance.now() - started)
      }
      await onDemand?.loadDeferred(runId)
      onDemand?.runStarted(runId)
      const failure = await packages
        .loadImportsOf(code, { onProgress: (progress) => post({ type: 'package', runId, ...progress }) })
        .catch((error: unknown) => ({ message: `The packages this code imports could not be loaded: ${errorText(error, errnos)}` }))
      if (failure) {
        post({ type: 'finished', runId })
        return packageFailureResult(failure.message, performance.now() - started)
      }
      post({ type: 'executing', runId })
      const notes = betweenRuns.notes.take()
      reopenStandardStreams(py, () => (py.setStdout(writeTo('stdout')), py.setStderr(writeTo('stderr'))), notes, errnos)
      const before = walk(py.FS, errnos)
      capture = new OutputCapture(outputLimitBytes, (stream, text) => post({ type: 'output', runId, stream, text }))
      // Only the user's code can be interrupted: a signal that comes late (the deadline and the end of the code
      // crossing) must not land in the work after it, which would fail a run that ended well.
      if (interruptBuffer) py.setInterruptBuffer(interruptBuffer)
      waits?.codeStarted()
      let outcome: RunnerOutcome
      try {
        outcome = await settleRun(PythonError, runner.run(code, runner.namespace), fatal, errnos)
      } finally {
        waits?.codeEnded()
        if (interruptBuffer) stopInterrupts(py)
      }
      const [images, droppedImages] = collectImages(() => runner!.takeImages(), notes, errnos)
      const durationMs = performance.now() - started
      const printed = capture.finish()
      capture = undefined
      const after = walk(py.FS, errnos)
      const changed = changedFiles(py.FS, snapshot(before), after, outputFiles, errnos)
      const restored = restoreWorkingDirectory(py.FS, errnos)
      // A problem the walk had before the run as well is the earlier run's news, already told.
      notes.push(...(restored ? [restored] : after.problems.filter((problem) => !before.problems.includes(problem))), ...changed.problems)
      post({ type: 'finished', runId })
      return toRunResult(
        outcome,
        printed,
        durationMs,
        {
          images: images.map(([mimeType, data]) => ({ mimeType, data })),
          droppedImages,
          imageLimits,
          files: changed.files,
          omitted: changed.omitted,
          notes,
        },
        outputLimitBytes,
      )
    },

    async preload(request) {
      if (!preloader) throw new Error('The Python runtime is not initialised.')
      return preloader(request)
    },

    async takeSnapshot() {
      const taken = madeSnapshot
      madeSnapshot = undefined
      return taken && transfer(taken, [taken.bytes.buffer])
    },

    async writeFiles(files) {
      withTextErrors(() => writeFiles(initialised().FS, files))
    },

    async removeFiles(names) {
      withTextErrors(() => removeFiles(initialised().FS, names))
    },

    async listFiles() {
      return withTextErrors(() => listFiles(initialised().FS, errnos))
    },

    async readFileHead(name, maxBytes) {
      return withTextErrors(() => readFileHead(initialised().FS, name, maxBytes))
    },
  }
  return { ...runtime, run: (request) => betweenRuns.during(request.runId, () => runtime.run(request)) }

  function initialised(): PyodideAPI {
    if (!pyodide) throw new Error('The Python runtime is not initialised.')
    return pyodide
  }

  /** comlink passes a thrown non-Error on as a bare object: only an Error's message arrives as text. */
  function withTextErrors<T>(call: () => T): T {
    try {
      return call()
    } catch (error) {
      throw asError(error, errnos)
    }
  }
}

/**
 * Puts `display()` and the matplotlib backend where Python imports them from,
 * and makes `display` a builtin, as in a notebook.
 */
function installHelpers(py: PyodideAPI, limits: ImageLimits): void {
  py.FS.mkdirTree(HELPERS_DIR)
  py.FS.writeFile(`${HELPERS_DIR}/sandbox_display.py`, displaySource)
  py.FS.writeFile(`${HELPERS_DIR}/sandbox_matplotlib_backend.py`, matplotlibBackendSource)
  py.runPython(
    `import sys\nsys.path.append(${JSON.stringify(HELPERS_DIR)})\nimport sandbox_display\n` +
      `sandbox_display.configure(${limits.maxImages}, ${limits.maxImageBytes})\nsandbox_display.install()`,
    { filename: '<sandbox-setup>' },
  )
}

/**
 * Learns of Pyodide's fatal errors through its internal hook, the only place
 * they surface: the run that caused one would otherwise never end.
 */
function watchFatalErrors(py: PyodideAPI): Promise<never> {
  const api = (py as unknown as { _api?: { fatal_error?: (error: unknown) => never } })._api
  return new Promise<never>((_resolve, reject) => {
    const original = api?.fatal_error
    if (!api || !original) return
    api.fatal_error = (error: unknown) => {
      reject(new Error(`Pyodide suffered a fatal error (${errorText(error)})`))
      return original(error)
    }
  })
}

/**
 * Holds a Web Lock until this worker dies. The main thread queues for the same
 * lock, so it learns of a death no event reports (`self.close()`, a crash).
 */
function holdLifeLock(name: string): Promise<void> {
  return new Promise((granted) => {
    void navigator.locks.request(name, () => {
      granted()
      return new Promise<never>(() => {})
    })
  })
}

/** Turns interrupts off. After a fatal error Pyodide refuses every call; the error to report is that one. */
function stopInterrupts(py: PyodideAPI): void {
  try {
    py.setInterruptBuffer(undefined as unknown as Int32Array)
  } catch {
    // the interpreter is lost anyway: the run reports the fatal error
  }
}
