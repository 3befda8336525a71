/**
 * What keeps one run's damage to that run: the code is untrusted, and so is
 * everything it leaves behind (closed streams, callbacks, broken images).
 * Each guard turns a failure into text for the result; only a failure that
 * leaves the interpreter untrustworthy is thrown, for the main thread to
 * replace the worker.
 */
import type { PyodideAPI } from 'pyodide'
import type { PyProxy } from 'pyodide/ffi'
import { asError, errorText, type ErrnoNames } from './error-text.ts'
import type { RunnerOutcome } from './run-result.ts'

/**
 * Waits for the runner's answer. A Python exception that escapes it (an
 * interrupt landing between its own lines) is still the run's error. Anything
 * else (a fatal error, the browser's stack overflowing inside WebAssembly)
 * leaves the interpreter in an unknown state, so it is thrown, as text.
 * `PythonError` is taken beforehand: after a fatal error every property of
 * the Pyodide API throws, `ffi` included.
 */
export async function settleRun(
  PythonError: PyodideAPI['ffi']['PythonError'],
  running: Promise<PyProxy>,
  fatal: Promise<never>,
  errnos: ErrnoNames,
): Promise<RunnerOutcome> {
  try {
    // A fatal error (a segfault through ctypes, say) never settles the run's own promise.
    const proxy = await Promise.race([running, fatal])
    try {
      return proxy.toJs({ dict_converter: Object.fromEntries }) as RunnerOutcome
    } finally {
      proxy.destroy()
    }
  } catch (error) {
    if (!(error instanceof PythonError)) throw asError(error, errnos)
    const lastLine = error.message.trimEnd().split('\n').pop() ?? ''
    const message = lastLine.startsWith(`${error.type}: `) ? lastLine.slice(error.type.length + 2) : ''
    return { ok: false, type: error.type, message, traceback: error.message }
  }
}

/** What file descriptors 0, 1 and 2 are open on while all is well. */
const STANDARD_STREAMS = ['/dev/stdin', '/dev/stdout', '/dev/stderr']

/**
 * Gives the code its file descriptors 0-2 back if an earlier run closed or
 * redirected them (`os.close(1)`, `os.dup2`): without them no output is
 * captured. `reopen` installs the sandbox's streams again.
 */
export function reopenStandardStreams(py: PyodideAPI, reopen: () => void, notes: string[], errnos: ErrnoNames): void {
  const streams = (py.FS as unknown as { streams: Array<{ path?: string } | null | undefined> }).streams
  if (STANDARD_STREAMS.every((path, fd) => streams[fd]?.path === path)) return
  try {
    reopen()
  } catch (error) {
    notes.push(`The standard streams could not be reopened, so output may be missing: ${errorText(error, errnos)}`)
  }
}

/** The run's images; a failure to collect them costs the images, not the run. */
export function collectImages(take: () => [Array<[string, string]>, number], notes: string[], errnos: ErrnoNames): [Array<[string, string]>, number] {
  try {
    return take()
  } catch (error) {
    notes.push(`The run's images could not be collected: ${errorText(error, errnos)}`)
    return [[], 0]
  }
}

/**
 * An exception thrown by a callback the code left behind (a timer, an event
 * handler) is the code's error: unhandled, the browser would report it to the
 * frame as the worker failing, and the sandbox would be torn down. It goes to
 * `report` instead. A fatal error still surfaces through Pyodide's own hook.
 */
export function catchLeftBehindErrors(report: (text: string) => void, errnos: () => ErrnoNames): void {
  addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault()
    report(errorText(event.error ?? event.message, errnos()))
  })
}
