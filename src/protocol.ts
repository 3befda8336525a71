/**
 * The contract between the main thread and the sandbox worker.
 *
 * Types only: both sides import this file with `import type`, so nothing here
 * can drift into a runtime dependency between them. Everything that crosses the
 * boundary is plain structured-clone data; the main thread checks it against
 * these shapes (see `src/sandbox/validate.ts`) before acting on it, because the
 * code running in the worker is untrusted and can post messages of its own.
 */

/** How a run ended, with the names Gemini's built-in tool uses. */
export type Outcome = 'OUTCOME_OK' | 'OUTCOME_FAILED' | 'OUTCOME_DEADLINE_EXCEEDED'

/** An image the code produced (a matplotlib figure, `display()`, `Image.show()`). */
export interface RunImage {
  /**
   * `image/png`, `image/jpeg`, `image/gif` or `image/webp`, as the bytes prove
   * (checked on the main thread; other "images" are dropped), so a `data:` URL
   * of it is safe to show.
   */
  mimeType: string
  /** Base64, without a `data:` prefix. */
  data: string
}

/** A file the app puts into the Python working directory. */
export interface InputFile {
  /** Relative to the working directory, e.g. `'sales.csv'` or `'inputs/sales.csv'`. */
  name: string
  data: Uint8Array
}

/** A file in the working directory, without its bytes. */
export interface FileInfo {
  name: string
  size: number
}

/** A file a run created or changed in the working directory. */
export interface OutputFile extends FileInfo {
  /**
   * A type that is safe to put on a Blob or a `data:` URL: set by the main
   * thread from an allow-list of inert types, never taken from the worker.
   * HTML, SVG, XML, XHTML, JavaScript and anything unknown are
   * `application/octet-stream`; `image/*` only when the bytes prove it.
   */
  mimeType: string
  /**
   * What the file's name declares, e.g. `text/html` for `report.html`: for
   * labels and icons only, never for rendering. Set by `PythonSandbox` on
   * every file it returns (the worker does not send it).
   */
  declaredMimeType?: string
  data: Uint8Array
}

/** The Python exception that ended a failed run. */
export interface RunError {
  /** The exception class, e.g. `'ZeroDivisionError'`. */
  type: string
  /** `str(exception)`, e.g. `'division by zero'`. */
  message: string
  /** The traceback as Python prints it, with the sandbox's own frames removed. */
  traceback: string
}

/** The result of one run. A run never throws across the boundary; it returns this. */
export interface RunResult {
  outcome: Outcome
  /** What Gemini calls output: what the code printed to stdout, then the traceback on failure. */
  output: string
  stdout: string
  stderr: string
  error?: RunError
  images: RunImage[]
  /** Files the run created or changed in the working directory, within the limits. */
  files: OutputFile[]
  /** Files the run created or changed that were over the limits, so their bytes were not returned. */
  omittedFiles?: FileInfo[]
  durationMs: number
  /** True when stdout/stderr were cut at the output cap; `output` then ends with a note. */
  truncated: boolean
  /**
   * `repr()` of the value of the last expression, as a console shows it.
   * Not part of what the model sees, just as in Gemini's own tool.
   */
  displayValue?: string
  /**
   * True when the Python process had to be replaced to end this run
   * (deadline, crash): variables from earlier runs are gone.
   */
  stateLost?: boolean
}

/** How much of what a run writes comes back with its result. */
export interface OutputFileLimits {
  maxFiles: number
  maxFileBytes: number
  maxTotalBytes: number
}

export interface ImageLimits {
  maxImages: number
  maxImageBytes: number
}

/** Options the worker runtime needs to start. */
export interface RuntimeInitOptions {
  /** Absolute URL of the folder holding `pyodide.mjs` and the rest of the Pyodide core. */
  indexURL: string
  /** Absolute URL of the self-hosted package mirror (`npm run vendor`); used when it holds a lock file. */
  packagesURL: string
  /** Cap on stdout + stderr kept per run, in bytes of UTF-8. */
  outputLimitBytes: number
  outputFiles: OutputFileLimits
  images: ImageLimits
  /** Cap on one run's source, in bytes of UTF-8; larger code is refused unrun. Absent: 1 MiB. */
  maxSourceBytes?: number
  /**
   * Where the main thread writes SIGINT to interrupt a run. Only present when
   * the page is cross-origin isolated; otherwise the only stop is terminate.
   */
  interruptBuffer?: Int32Array
  /**
   * Where the main thread writes SIGINT to stop what earlier runs left running
   * (a timer, a promise chain, an asyncio task) while a run waits for the
   * worker. A buffer of its own, never installed during a run, so a late stop
   * cannot reach the run's code. Present exactly when `interruptBuffer` is.
   */
  betweenRunsBuffer?: Int32Array
  /**
   * Name of a Web Lock the runtime holds for as long as it lives, so the main
   * thread notices a worker that dies without an error event.
   */
  lifeLock?: string
  /**
   * Start from this memory snapshot instead of a cold start. The runtime uses
   * it only when its tag matches the Pyodide release and the lock it loads;
   * otherwise (or when Pyodide refuses it) it starts cold.
   */
  snapshot?: MemorySnapshot
  /** Take a memory snapshot right after Pyodide loads, before any setup, for `takeSnapshot()`. */
  makeSnapshot?: boolean
}

/**
 * Pyodide's memory right after it loaded (and imported the standard library
 * the setup needs), before the sandbox's setup and before any user code:
 * restoring it skips the slow part of a start.
 */
export interface MemorySnapshot {
  bytes: Uint8Array
  /** The Pyodide release that made it; another release cannot restore it. */
  pyodideVersion: string
  /** A 128-bit digest (hex) of the package lock in use: packages are resolved against it. */
  lockHash: string
}

/** Where the runtime's Pyodide files are served: all a start needs to know before it starts Python. */
export type CoreLocation = Pick<RuntimeInitOptions, 'indexURL' | 'packagesURL'>

/** What the runtime reports once it is ready. */
export interface RuntimeInfo {
  pythonVersion: string
  pyodideVersion: string
  /** Whether the runtime installed the interrupt buffer. */
  interruptible: boolean
  /** Whether packages come from the self-hosted mirror (else from the CDN and PyPI, online). */
  packageMirror: boolean
  /**
   * Gemini's libraries that the lock in use can load, with the versions it pins:
   * what the import guard allows and the tool description names.
   */
  libraries: Array<{ name: string; version: string }>
  /** True when this start restored a memory snapshot instead of starting cold. */
  fromSnapshot?: boolean
  /**
   * Set by the main-thread host, never by the worker: true when the code runs
   * confined (opaque origin, Content-Security-Policy in force), false when it
   * could reach the network or the app's storage. Absent for hosts that do not check.
   */
  isolated?: boolean
}

export interface RunRequest {
  /** Identifies the run in the events streamed while it executes. */
  runId: number
  code: string
}

/** Named stages of the runtime's start, in order. */
export type LoadStage = 'loading-pyodide' | 'setting-up' | 'ready'

/** Progress of the packages a run needs, as they download and install. */
export interface PackageProgress {
  /** The package's name in the lock, e.g. `'sympy'`. */
  name: string
  state: 'loading' | 'loaded' | 'failed'
  /** 1-based position among the packages this run loads. */
  index: number
  total: number
  loadedBytes?: number
  /** Absent when the server does not say. */
  totalBytes?: number
}

/** One library to load and import ahead of the run that will likely need it. */
export interface PreloadRequest {
  /** A top-level import name the lock offers, e.g. `'pandas'`. */
  name: string
  /**
   * `load`: download and install its packages; `import`: import it (loading first what is not loaded), and warm
   * the first chart when it draws. Two steps, so a run waits for at most the shorter of them.
   */
  phase: PreloadPhase
  /** Not when the interpreter's memory is already over this, in bytes. */
  maxHeapBytes: number
}

export type PreloadPhase = 'load' | 'import'

/** What a preload did; it never fails the worker or a run. */
export type PreloadOutcome =
  | { state: 'loaded'; heapBytes?: number }
  | { state: 'already' | 'not-offered' }
  | { state: 'over-budget'; heapBytes: number }
  | { state: 'failed'; message: string }

/** Events the worker streams to the main thread on its event port. */
export type RuntimeEvent =
  | { type: 'load'; stage: LoadStage }
  /** `preload: true` (and `runId` 0): a library loaded ahead of the run that will likely need it, for no run yet. */
  | ({ type: 'package'; runId: number; preload?: true } & PackageProgress)
  /**
   * Posted as soon as the worker takes a run up, before anything else: a
   * worker that does not is stuck (busy with something an earlier run left
   * behind) and is replaced.
   */
  | { type: 'accepted'; runId: number }
  /** The run's packages are loaded and its code starts now: the deadline counts from here. */
  | { type: 'executing'; runId: number }
  /**
   * The running code imports a library that is offered but not installed, and the worker loads it while the code
   * waits (`active: true`), then goes on (`active: false`): the deadline does not count the load.
   */
  | { type: 'importing'; runId: number; active: boolean }
  /**
   * Posted after the run's last output event, just before its result returns.
   * The result comes on another port, which may overtake this one; the main
   * thread waits for this marker so no output of the run is lost.
   */
  | { type: 'finished'; runId: number }
  | { type: 'output'; runId: number; stream: 'stdout' | 'stderr'; text: string }

/**
 * The surface the worker exposes over comlink. Calls go main thread → worker
 * only: the worker never gets a callable proxy of the main thread, so code in
 * the worker cannot walk back into main-thread objects.
 */
export interface SandboxRuntime {
  /**
   * Does ahead of time what a start can without Python: fetches the core's
   * files and evaluates its JavaScript, so a later `init` with the same URLs
   * has only the interpreter to start. Optional: `init` does it when it was not done.
   */
  prepare(location: CoreLocation): Promise<void>
  /** Loads Pyodide; `events` is the port the runtime streams `RuntimeEvent`s on. */
  init(options: RuntimeInitOptions, events: MessagePort): Promise<RuntimeInfo>
  run(request: RunRequest): Promise<RunResult>
  /** Writes files into the working directory (names already checked by the caller; checked again). */
  writeFiles(files: InputFile[]): Promise<void>
  removeFiles(names: string[]): Promise<void>
  listFiles(): Promise<FileInfo[]>
  /** The first `maxBytes` bytes of a file in the working directory. */
  readFileHead(name: string, maxBytes: number): Promise<Uint8Array>
  /** Loads and imports one library into `sys.modules` (never the user's namespace); called between runs only. */
  preload(request: PreloadRequest): Promise<PreloadOutcome>
  /** Hands over (once) the snapshot taken at the start asked with `makeSnapshot`; undefined when none was taken. */
  takeSnapshot(): Promise<MemorySnapshot | undefined>
}
