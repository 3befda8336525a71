/**
 * Progress events for UIs, reported through `onEvent` while a request runs.
 * They are notifications only: nothing the listener does changes the request,
 * and a listener that throws is ignored.
 */
import type { RunResult } from '../protocol.ts'
import type { GeminiApiError } from './errors.ts'

export type CodeExecutionEvent =
  /** The model asked for code and the sandbox is about to run it. */
  | { type: 'run-start'; callId: string | undefined; code: string }
  /** A piece of output the running code printed. */
  | { type: 'output'; callId: string | undefined; stream: 'stdout' | 'stderr'; text: string }
  /** The run ended; `result` is what the model receives (outcome, output, images). */
  | { type: 'run-end'; callId: string | undefined; code: string; result: RunResult }
  /** The model called one of the app's own functions. */
  | { type: 'function-call'; callId: string | undefined; name: string; args: unknown }
  /** A transient API failure; the request is sent again after `delayMs`. */
  | { type: 'retry'; attempt: number; delayMs: number; error: GeminiApiError }

export type CodeExecutionEventListener = (event: CodeExecutionEvent) => void

/** Calls every listener, shielding the broker from listener exceptions. */
export function emitter(...listeners: Array<CodeExecutionEventListener | undefined>): CodeExecutionEventListener {
  const active = listeners.filter((listener): listener is CodeExecutionEventListener => listener !== undefined)
  return (event) => {
    for (const listener of active) {
      try {
        listener(event)
      } catch (error) {
        console.error('onEvent listener threw; ignored', error)
      }
    }
  }
}
