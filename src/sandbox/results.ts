/**
 * The results the sandbox client writes itself, when a run did not end on its
 * own: it hit its deadline, was stopped, or the worker died under it.
 */
import type { RunError, RunResult } from '../protocol.ts'
import type { StopReason } from './watchdog.ts'

/** What the main thread saw printed before the run was cut off. */
export interface PrintedSoFar {
  stdout: string
  stderr: string
  truncated: boolean
}

export const STATE_LOST_NOTE =
  'The Python process was restarted, so variables, imports and files from earlier runs are gone.'

const ERROR_TYPES: Record<StopReason, string> = {
  deadline: 'TimeoutError',
  'load-timeout': 'ImportError',
  stopped: 'KeyboardInterrupt',
  unresponsive: 'RuntimeError',
}
const MESSAGES: Record<StopReason, (limitMs: number) => string> = {
  deadline: (limitMs) => deadlineMessage(limitMs),
  'load-timeout': (limitMs) => loadTimeoutMessage(limitMs),
  stopped: () => STOPPED_MESSAGE,
  unresponsive: (limitMs) => unresponsiveMessage(limitMs),
}

export function deadlineMessage(timeoutMs: number): string {
  return `Execution exceeded the time limit of ${formatSeconds(timeoutMs)} and was stopped.`
}

export function unresponsiveMessage(limitMs: number): string {
  return (
    `The Python runtime did not take this run up within ${formatSeconds(limitMs)}: something an earlier run left behind ` +
    `(a JavaScript timer or task that never yields) kept it busy. It was replaced, and this code did not run; run it again.`
  )
}

/**
 * A run whose first worker never took it up (kept busy by what an earlier run
 * left running, which would not stop), so it ran on a fresh interpreter: the
 * result says so, at the end of its output, and that the state is gone.
 */
export function takenOverResult(result: RunResult, limitMs: number): RunResult {
  const note =
    `[Python was kept busy by code an earlier run left running (a JavaScript timer, promise chain, asyncio task or event ` +
    `listener) that could not be stopped within ${formatSeconds(limitMs)}, so this run went to a fresh interpreter. ${STATE_LOST_NOTE}]`
  const output = result.output === '' || result.output.endsWith('\n') ? result.output : `${result.output}\n`
  return { ...result, output: `${output}\n${note}\n`, stateLost: true }
}

export const STOPPED_MESSAGE = 'Execution was stopped before it finished.'

export function loadTimeoutMessage(limitMs: number): string {
  return `Loading the packages this code imports took longer than ${formatSeconds(limitMs)}, so the code did not run. Try again, or vendor the packages (npm run vendor) so they load locally.`
}

/** The result of a run the watchdog stopped, whether the interrupt got through or the worker was killed. */
export function stoppedResult(params: {
  reason: StopReason
  timeoutMs: number
  durationMs: number
  /** What the worker returned when the interrupt got through; absent when it was killed. */
  returned?: RunResult
  printed: PrintedSoFar
}): RunResult {
  const { reason, timeoutMs, durationMs, returned, printed } = params
  if (reason === 'stopped' && returned) return returned // a KeyboardInterrupt with its traceback says it all
  const stateLost = returned === undefined
  const source = returned ?? { ...printed, images: [], files: [] }
  const message = [MESSAGES[reason](timeoutMs), stateLost ? STATE_LOST_NOTE : '']
    .filter(Boolean)
    .join(' ')
  const error: RunError = {
    type: ERROR_TYPES[reason],
    message,
    traceback: returned?.error?.traceback ?? '',
  }
  return {
    outcome: reason === 'deadline' ? 'OUTCOME_DEADLINE_EXCEEDED' : 'OUTCOME_FAILED',
    output: joinOutput(source.stdout, message),
    stdout: source.stdout,
    stderr: source.stderr,
    error,
    images: source.images,
    files: source.files,
    durationMs,
    truncated: source.truncated,
    ...(stateLost ? { stateLost } : {}),
  }
}

/** The result of a run whose worker died (crash, out of memory, closed itself). */
export function crashResult(params: { cause: string; durationMs: number; printed: PrintedSoFar }): RunResult {
  const { cause, durationMs, printed } = params
  const message = `The Python runtime stopped unexpectedly: ${cause}. ${STATE_LOST_NOTE}`
  return {
    outcome: 'OUTCOME_FAILED',
    output: joinOutput(printed.stdout, message),
    stdout: printed.stdout,
    stderr: printed.stderr,
    error: { type: 'RuntimeCrash', message, traceback: '' },
    images: [],
    files: [],
    durationMs,
    truncated: printed.truncated,
    stateLost: true,
  }
}

function joinOutput(stdout: string, message: string): string {
  if (stdout === '') return `${message}\n`
  return `${stdout}${stdout.endsWith('\n') ? '' : '\n'}${message}\n`
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return `${Number(seconds.toFixed(2))} second${seconds === 1 ? '' : 's'}`
}
