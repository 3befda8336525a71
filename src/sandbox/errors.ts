/**
 * The sandbox's infrastructure errors. Python errors are not among them: a run
 * reports those in its `RunResult`. Each has a literal `name`, so callers can
 * branch on it without `instanceof` across realms or bundles.
 */

/** The sandbox was disposed: it runs nothing more. Queued runs reject with this. */
export class SandboxDisposedError extends Error {
  override readonly name = 'SandboxDisposedError' as const
  constructor(message = 'The Python sandbox was disposed.') {
    super(message)
  }
}

/** The Python runtime could not start (Pyodide's files missing or unreachable, for instance). */
export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError' as const
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}
