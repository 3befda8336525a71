import type { RunResult } from './protocol.ts'

/** Options for one run of code. */
export interface RunOptions {
  /** Deadline for this run in milliseconds. Default: the executor's own (30 000 for `PythonSandbox`). */
  timeoutMs?: number
  /** Stops the run: it resolves with what it printed so far. */
  signal?: AbortSignal
  /** Called with each piece of stdout/stderr as the code prints it. */
  onOutput?: (chunk: OutputChunk) => void
}

export interface OutputChunk {
  stream: 'stdout' | 'stderr'
  text: string
}

/**
 * Something that runs Python code and reports a `RunResult`.
 *
 * The Gemini broker depends on this interface only, never on Pyodide or
 * Workers; `PythonSandbox` is the implementation the library ships.
 */
export interface CodeExecutor {
  run(code: string, options?: RunOptions): Promise<RunResult>
}
