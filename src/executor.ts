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
  /**
   * A hint that a coming run will likely import these libraries (top-level
   * import names), so the executor can load them meanwhile. Optional; a hint
   * must never change a result or delay a run.
   */
  preload?(libraries: readonly string[], options?: { signal?: AbortSignal }): void
}

/**
 * How much of the working directory's files the model may see:
 * - `'none'`: names and sizes only;
 * - `'preview'`: the first lines of text files (the default);
 * - `'full'`: the content of text files, up to a limit.
 * The files themselves never leave the device; only this text goes to the model.
 */
export type FilePrivacy = 'none' | 'preview' | 'full'

/** A file as the model is told about it. */
export interface FileDescription {
  name: string
  size: number
  /** The first lines (`'preview'`) or the text (`'full'`); absent for binary files and for `'none'`. */
  content?: string
  /** True when `content` is only the start of the file. */
  partial?: boolean
}

/** What an executor offers, for the tool description the model reads. */
export interface ExecutorEnvironment {
  pythonVersion: string
  /** Third-party libraries code can import. */
  libraries: string[]
  workingDirectory: string
  files: FileDescription[]
  /** Whether code can return images with a `display()` builtin. Default: assumed when matplotlib is among the libraries. */
  displayImages?: boolean
}

/** An executor that can describe itself; the broker uses it when the app does not describe the environment. */
export interface DescribedExecutor extends CodeExecutor {
  environment(options: { filePrivacy: FilePrivacy }): Promise<ExecutorEnvironment>
}

/** A file to put into the executor's working directory. */
export interface WorkingDirectoryFile {
  /** Relative to the working directory, e.g. `'input_1.png'`. */
  name: string
  data: Uint8Array
}

/**
 * An executor that can take files into its working directory (`PythonSandbox`
 * can). The broker uses it, when present, to give the code the images and
 * files the user attached to the conversation; without it they stay visible
 * to the model only.
 */
export interface FileAcceptingExecutor extends CodeExecutor {
  /** Puts (or replaces) files; rejects, putting none of them, when a name or size is refused. */
  putFiles(files: readonly WorkingDirectoryFile[]): Promise<unknown>
}
