/**
 * How the worker meets its host, and what it takes away from user code first.
 *
 * The runtime answers only on the port its host hands over in the first
 * message, never on the worker's global scope: `js.postMessage(...)` from
 * Python then reaches nobody who listens.
 */
import type { SandboxRuntime } from '../src/protocol.ts'
import type { WorkerConnect, WorkerLife } from '../src/sandbox/frame/frame-protocol.ts'

export function isWorkerConnect(data: unknown): data is WorkerConnect {
  if (typeof data !== 'object' || data === null || (data as WorkerConnect).type !== 'connect') return false
  const state = (data as WorkerConnect).interruptState
  return state === undefined || (state instanceof SharedArrayBuffer && state.byteLength >= 8)
}

/**
 * Removes what the network policy does not already make useless:
 * - `close()` is wrapped so the host hears of it (an opaque origin has no Web
 *   Locks to notice a silent death); the original is kept only in this closure.
 * - `Worker` goes, so code cannot start helpers (they would inherit the same
 *   policy, but have no business existing).
 */
export function lockDown(life: MessagePort | undefined): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope
  // Operations of a [Global] interface are own properties of the global object, not of its prototype.
  const close = scope.close
  const notify: WorkerLife = 'closing'
  Object.defineProperty(scope, 'close', {
    value: function closeAndTell() {
      life?.postMessage(notify)
      close.call(scope)
    },
    writable: false,
    configurable: false,
  })
  for (const name of ['Worker', 'SharedWorker']) delete (scope as unknown as Record<string, unknown>)[name]
}

/**
 * Runs the runtime with the interrupt buffer the frame shares, when it does.
 * The id of the executing run sits beside the signal, so a late interrupt
 * meant for a run that has ended is not delivered to the next one.
 */
export function withFrameInterrupts(runtime: SandboxRuntime, state: SharedArrayBuffer | undefined): SandboxRuntime {
  if (!state) return runtime
  const signal = new Int32Array(state, 0, 1)
  const executing = new Int32Array(state, 4, 1)
  return {
    ...runtime,
    init: (options, events) => runtime.init({ ...options, interruptBuffer: signal }, events),
    async run(request) {
      Atomics.store(executing, 0, request.runId)
      Atomics.store(signal, 0, 0)
      try {
        return await runtime.run(request)
      } finally {
        Atomics.store(executing, 0, 0)
      }
    },
  }
}
