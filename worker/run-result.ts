/**
 * Turns what the Python runner reported into the `RunResult` the main thread
 * receives: Gemini's outcome names, output as Gemini shapes it (what the code
 * printed, then the traceback), and a note when output was cut.
 */
import type { RunResult } from '../src/protocol.ts'
import type { CapturedOutput } from './output-capture.ts'
import { cleanTraceback } from './traceback.ts'

/** What `run()` in `py/runner.py` returns. */
export interface RunnerOutcome {
  ok: boolean
  display?: string | null
  type?: string
  message?: string
  traceback?: string
}

export function toRunResult(outcome: RunnerOutcome, printed: CapturedOutput, durationMs: number): RunResult {
  const note = printed.truncated ? truncationNote(printed.droppedBytes) : ''
  const base = {
    stdout: printed.stdout,
    stderr: printed.stderr,
    images: [],
    durationMs,
    truncated: printed.truncated,
  }
  if (outcome.ok) {
    return {
      ...base,
      outcome: 'OUTCOME_OK',
      output: printed.stdout + note,
      ...(outcome.display != null ? { displayValue: outcome.display } : {}),
    }
  }
  const traceback = cleanTraceback(outcome.traceback ?? '')
  return {
    ...base,
    outcome: 'OUTCOME_FAILED',
    output: endLine(printed.stdout + note) + traceback,
    error: { type: outcome.type ?? 'Exception', message: outcome.message ?? '', traceback },
  }
}

/** A traceback starts on a line of its own, even after `print(..., end='')`. */
function endLine(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`
}

export function truncationNote(droppedBytes: number): string {
  return `\n[output truncated: ${droppedBytes.toLocaleString('en-US')} more bytes were printed than the limit keeps]\n`
}

/** A run that could not start because a package it imports could not be loaded; nothing of it ran. */
export function packageFailureResult(message: string, durationMs: number): RunResult {
  const line = `ImportError: ${message}\n`
  return {
    outcome: 'OUTCOME_FAILED',
    output: line,
    stdout: '',
    stderr: '',
    error: { type: 'ImportError', message, traceback: line },
    images: [],
    durationMs,
    truncated: false,
  }
}
