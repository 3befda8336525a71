/**
 * Turns what the Python runner reported into the `RunResult` the main thread
 * receives: Gemini's outcome names, output as Gemini shapes it (what the code
 * printed, then the traceback), and a note when output was cut.
 */
import type { FileInfo, ImageLimits, OutputFile, RunImage, RunResult } from '../src/protocol.ts'
import type { CapturedOutput } from './output-capture.ts'
import { keepEnds, keepStart } from './text-limit.ts'
import { cleanTraceback } from './traceback.ts'

/** What `run()` in `py/runner.py` returns. */
export interface RunnerOutcome {
  ok: boolean
  display?: string | null
  type?: string
  message?: string
  traceback?: string
}

/** What else a run produced besides output. */
export interface RunProducts {
  images: RunImage[]
  droppedImages: number
  imageLimits: ImageLimits
  files: OutputFile[]
  omitted: FileInfo[]
  /** What the sandbox itself has to say about the run (its working directory went missing, say), one line each. */
  notes?: string[]
}

const NOTHING: RunProducts = { images: [], droppedImages: 0, imageLimits: { maxImages: 0, maxImageBytes: 0 }, files: [], omitted: [] }

/**
 * @param errorLimitBytes cap on the error's message and on its traceback, each:
 *   the output limit, so an enormous exception costs no more than a print flood.
 */
export function toRunResult(
  outcome: RunnerOutcome,
  printed: CapturedOutput,
  durationMs: number,
  products: RunProducts = NOTHING,
  errorLimitBytes = Number.POSITIVE_INFINITY,
): RunResult {
  const note =
    (printed.truncated ? truncationNote(printed.droppedBytes) : '') +
    (products.droppedImages > 0 ? droppedImagesNote(products.droppedImages, products.imageLimits) : '') +
    (products.notes ?? []).map((line) => `\n[${line}]\n`).join('')
  const base = {
    stdout: printed.stdout,
    stderr: printed.stderr,
    images: products.images,
    files: products.files,
    ...(products.omitted.length > 0 ? { omittedFiles: products.omitted } : {}),
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
  const traceback = keepEnds(cleanTraceback(outcome.traceback ?? ''), errorLimitBytes, 'traceback')
  const message = keepStart(outcome.message ?? '', errorLimitBytes, 'error message')
  return {
    ...base,
    outcome: 'OUTCOME_FAILED',
    output: endLine(printed.stdout + note) + traceback,
    error: { type: outcome.type ?? 'Exception', message, traceback },
  }
}

/** A traceback starts on a line of its own, even after `print(..., end='')`. */
function endLine(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`
}

export function droppedImagesNote(dropped: number, limits: ImageLimits): string {
  const megabytes = Number((limits.maxImageBytes / 1024 / 1024).toFixed(1))
  return `\n[${dropped} image${dropped === 1 ? ' was' : 's were'} not returned: at most ${limits.maxImages} images of up to ${megabytes} MB each come back per run]\n`
}

export function truncationNote(droppedBytes: number): string {
  return `\n[output truncated: ${droppedBytes.toLocaleString('en-US')} more bytes were printed than the limit keeps]\n`
}

/** A run that could not start because a package it imports could not be loaded; nothing of it ran. */
export function packageFailureResult(message: string, durationMs: number): RunResult {
  return notStartedResult('ImportError', message, durationMs)
}

/** A run refused before any of it ran (its source was too large, its packages did not load). */
export function notStartedResult(type: string, message: string, durationMs: number): RunResult {
  const line = `${type}: ${message}\n`
  return {
    outcome: 'OUTCOME_FAILED',
    output: line,
    stdout: '',
    stderr: '',
    error: { type, message, traceback: line },
    images: [],
    files: [],
    durationMs,
    truncated: false,
  }
}
