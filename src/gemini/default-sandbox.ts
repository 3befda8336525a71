/**
 * The executor used when the app does not bring one: a `PythonSandbox`.
 *
 * Loaded on demand so that the broker modules stay free of Pyodide and
 * Workers (they only know `CodeExecutor`), and an app that passes its own
 * executor never downloads the sandbox code.
 */
import type { CodeExecutor } from '../executor.ts'

/** Executors that can be started over or shut down (what `PythonSandbox` offers). */
export interface ManagedExecutor extends CodeExecutor {
  reset?(): Promise<void>
  dispose?(): void
}

export async function createDefaultSandbox(): Promise<ManagedExecutor> {
  const { PythonSandbox } = await import('../sandbox/index.ts')
  return new PythonSandbox()
}
