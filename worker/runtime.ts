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
} from '../src/protocol.ts'
import { OutputCapture, type Stream } from './output-capture.ts'
import { changedFiles, listFiles, readFileHead, removeFiles, snapshot, WORKING_DIRECTORY, writeFiles } from './files.ts'
import { installInterruptibleWaits, type InterruptibleWaits } from './interruptible-wait.ts'
import { chooseLockFile, createPackageLoader, installImportGuard, type PackageLoader } from './packages.ts'
import { packageFailureResult, toRunResult, type RunnerOutcome } from './run-result.ts'
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

export function createRuntime(): SandboxRuntime {
  let pyodide: PyodideAPI | undefined
  let runner: Runner | undefined
  let packages: PackageLoader | undefined
  let waits: InterruptibleWaits | undefined
  let interruptBuffer: Int32Array | undefined
  let packageMirror = false
  let events: MessagePort | undefined
  let outputLimitBytes = 0
  let outputFiles: OutputFileLimits = { maxFiles: 0, maxFileBytes: 0, maxTotalBytes: 0 }
  let imageLimits: ImageLimits = { maxImages: 0, maxImageBytes: 0 }
  // The capture of the run in progress; streams write into it.
  let capture: OutputCapture | undefined
  // Rejects once Pyodide reports a fatal error: from then on the interpreter is unusable.
  let fatal: Promise<never> = new Promise(() => {})

  const post = (event: RuntimeEvent) => events?.postMessage(event)
  const stage = (name: LoadStage) => post({ type: 'load', stage: name })

  function writeTo(stream: Stream) {
    return {
      write: (bytes: Uint8Array) => capture?.write(stream, bytes) ?? bytes.length,
      // Line buffering, as on a terminal: a print before a long loop reaches the page at once.
      isatty: true,
    }
  }

  async function loadPyodideStage(options: RuntimeInitOptions): Promise<PyodideAPI> {
    stage('loading-pyodide')
    const [{ loadPyodide }, { default: createPyodideModule }, lock] = await Promise.all([
      importThroughFetch<typeof import('pyodide')>(`${options.indexURL}pyodide.mjs`),
      importThroughFetch<{ default: NonNullable<Parameters<typeof import('pyodide').loadPyodide>[0]>['createPyodideModule'] }>(
        `${options.indexURL}pyodide.asm.mjs`,
      ),
      chooseLockFile({ mirrorUrl: options.packagesURL, pyodideLockUrl: `${options.indexURL}pyodide-lock.json` }),
    ])
    packageMirror = lock.mirror
    return loadPyodide({
      indexURL: options.indexURL,
      createPyodideModule,
      lockFileContents: lock.lockFileContents,
      packageBaseUrl: lock.packageBaseUrl,
      // plt.show() hands figures to display() through this backend instead of warning that Agg cannot show.
      env: { HOME: WORKING_DIRECTORY, MPLBACKEND: 'module://sandbox_matplotlib_backend' },
    })
  }

  function setUpStage(py: PyodideAPI, options: RuntimeInitOptions): Runner {
    stage('setting-up')
    py.setStdout(writeTo('stdout'))
    py.setStderr(writeTo('stderr'))
    // The buffer is installed only while the user's code runs (see run()), so a signal can never land in our own Python.
    interruptBuffer = options.interruptBuffer
    waits = installInterruptibleWaits(py, interruptBuffer)
    // Before any user code: from here on only the supported libraries can be loaded, and only by us.
    packages = createPackageLoader(py)
    installImportGuard(py, packages.allowed)
    installHelpers(py, imageLimits)
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

  return {
    async init(options, port) {
      events = port
      if (options.lifeLock) await holdLifeLock(options.lifeLock)
      outputLimitBytes = options.outputLimitBytes
      outputFiles = options.outputFiles
      imageLimits = options.images
      pyodide = await loadPyodideStage(options)
      fatal = watchFatalErrors(pyodide)
      runner = setUpStage(pyodide, options)
      stage('ready')
      const info: RuntimeInfo = {
        pythonVersion: pyodide.runPython('import sys; sys.version.split()[0]') as string,
        pyodideVersion: pyodide.version,
        interruptible: options.interruptBuffer !== undefined,
        packageMirror,
      }
      return info
    },

    async run({ runId, code }: RunRequest): Promise<RunResult> {
      post({ type: 'accepted', runId })
      if (!pyodide || !runner || !packages) throw new Error('The Python runtime is not initialised.')
      const started = performance.now()
      const failure = await packages.loadImportsOf(code, { onProgress: (progress) => post({ type: 'package', runId, ...progress }) })
      if (failure) {
        post({ type: 'finished', runId })
        return packageFailureResult(failure.message, performance.now() - started)
      }
      post({ type: 'executing', runId })
      const before = snapshot(pyodide.FS)
      capture = new OutputCapture(outputLimitBytes, (stream, text) => post({ type: 'output', runId, stream, text }))
      // Only the user's code can be interrupted: a signal that comes late (the deadline and the end of the code
      // crossing) must not land in the work after it, which would fail a run that ended well.
      if (interruptBuffer) pyodide.setInterruptBuffer(interruptBuffer)
      waits?.codeStarted()
      let proxy: PyProxy
      try {
        // A fatal error (a segfault through ctypes, say) never settles the run's own promise.
        proxy = await Promise.race([runner.run(code, runner.namespace), fatal])
      } finally {
        waits?.codeEnded()
        if (interruptBuffer) stopInterrupts(pyodide)
      }
      const outcome = proxy.toJs({ dict_converter: Object.fromEntries }) as RunnerOutcome
      proxy.destroy()
      const [images, droppedImages] = runner.takeImages()
      const durationMs = performance.now() - started
      const printed = capture.finish()
      capture = undefined
      post({ type: 'finished', runId })
      return toRunResult(outcome, printed, durationMs, {
        images: images.map(([mimeType, data]) => ({ mimeType, data })),
        droppedImages,
        imageLimits,
        ...changedFiles(pyodide.FS, before, outputFiles),
      })
    },

    async writeFiles(files) {
      if (!pyodide) throw new Error('The Python runtime is not initialised.')
      writeFiles(pyodide.FS, files)
    },

    async removeFiles(names) {
      if (!pyodide) throw new Error('The Python runtime is not initialised.')
      removeFiles(pyodide.FS, names)
    },

    async listFiles() {
      if (!pyodide) throw new Error('The Python runtime is not initialised.')
      return listFiles(pyodide.FS)
    },

    async readFileHead(name, maxBytes) {
      if (!pyodide) throw new Error('The Python runtime is not initialised.')
      return readFileHead(pyodide.FS, name, maxBytes)
    },
  }
}

/**
 * Imports a module whose code comes through `fetch`. In the isolated frame
 * `fetch` is relayed by the main thread (and its offline cache), while a
 * plain `import(url)` would always go to the network.
 */
async function importThroughFetch<T>(url: string): Promise<T> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`)
  const blobURL = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }))
  try {
    return (await import(/* @vite-ignore */ blobURL)) as T
  } finally {
    URL.revokeObjectURL(blobURL)
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
      reject(new Error(`Pyodide suffered a fatal error (${error instanceof Error ? error.message : String(error)})`))
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
