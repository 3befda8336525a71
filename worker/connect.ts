/**
 * How the worker meets its host, and what it takes away from user code first.
 *
 * The runtime answers only on the port its host hands over in the first
 * message, never on the worker's global scope: `js.postMessage(...)` from
 * Python then reaches nobody who listens.
 */
import type { SandboxRuntime } from '../src/protocol.ts'
import type { InterruptStateBytes, InterruptStateSlots, WorkerConnect, WorkerLife } from '../src/sandbox/frame/frame-protocol.ts'

const SLOT: InterruptStateSlots = { signal: 0, executing: 1, betweenRuns: 2, taken: 3 }
const STATE_BYTES: InterruptStateBytes = 16

export function isWorkerConnect(data: unknown): data is WorkerConnect {
  if (typeof data !== 'object' || data === null || (data as WorkerConnect).type !== 'connect') return false
  const state = (data as WorkerConnect).interruptState
  return state === undefined || (state instanceof SharedArrayBuffer && state.byteLength >= STATE_BYTES)
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
 * Runs the runtime with the interrupt buffers the frame shares, when it does.
 * The id of the executing run sits beside the signal, so a late interrupt
 * meant for a run that has ended is not delivered to the next one; the id of
 * the last run taken up, so that the frame stops what earlier runs left
 * running only while a run waits.
 */
export function withFrameInterrupts(runtime: SandboxRuntime, state: SharedArrayBuffer | undefined): SandboxRuntime {
  if (!state) return runtime
  const slot = (index: number) => new Int32Array(state, index * Int32Array.BYTES_PER_ELEMENT, 1)
  const signal = slot(SLOT.signal)
  const executing = slot(SLOT.executing)
  const taken = slot(SLOT.taken)
  return {
    ...runtime,
    init: (options, events) => runtime.init({ ...options, interruptBuffer: signal, betweenRunsBuffer: slot(SLOT.betweenRuns) }, events),
    async run(request) {
      Atomics.store(taken, 0, request.runId)
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
