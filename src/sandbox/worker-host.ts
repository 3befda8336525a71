/**
 * One Worker running the Python runtime, and everything needed to stop it.
 *
 * Worker creation sits behind this one factory so that other hosts (a hot
 * spare, a memory snapshot, a worker inside an isolated frame) can slot in
 * without the sandbox client changing.
 */
import { transfer, wrap, type Remote } from 'comlink'
import type { CoreLocation, MemorySnapshot, RuntimeInfo, RuntimeInitOptions, SandboxRuntime } from '../protocol.ts'
import type { WorkerConnect } from './frame/frame-protocol.ts'
import { appBaseURL } from './base-url.ts'
import { browserSupport, unsupportedReason } from './browser-support.ts'
import { sandboxWorkerURL } from './worker-url.ts'

export interface WorkerHost {
  /**
   * Starts the worker and fetches Pyodide's files ahead of `init`, without
   * starting Python (see `SandboxRuntime.prepare`). Rejects when that fails;
   * `init` then fails the same way.
   */
  prepare(files: CoreLocation): Promise<void>
  /** Starts the runtime; `onEvent` receives every message the worker posts on its event port, unchecked. */
  init(options: HostInitOptions, onEvent: (data: unknown) => void): Promise<RuntimeInfo>
  readonly runtime: Remote<SandboxRuntime>
  /** Resolves with a reason once the worker is gone, however it went. Never rejects. */
  readonly died: Promise<string>
  /** Raises KeyboardInterrupt in the running code. False when this host cannot interrupt. */
  interrupt(): boolean
  /** Forgets a signal that arrived after the run it was meant for had ended. */
  clearInterrupt(): void
  /**
   * Raises KeyboardInterrupt in whatever earlier runs left running (a timer's
   * callback, an asyncio task), while run `runId` waits for the worker to take
   * it up; nothing once it has. False when this host cannot interrupt.
   */
  stopLeftovers(runId: number): boolean
  terminate(): void
}

/**
 * A snapshot given to a host is the host's to hand over: its bytes (30 MB or
 * so) are transferred to the worker, not copied, and are unusable after.
 */
export function snapshotBytes(snapshot: MemorySnapshot | undefined): Transferable[] {
  return snapshot ? [snapshot.bytes.buffer] : []
}

/** What the sandbox tells the runtime; the host adds its own interrupt and liveness plumbing. */
export type HostInitOptions = Omit<RuntimeInitOptions, 'interruptBuffer' | 'lifeLock'>

export interface WorkerHostOptions {
  /** Share an interrupt buffer with the worker when the page allows it. */
  interrupts: boolean
}

export type WorkerHostFactory = (options: WorkerHostOptions) => WorkerHost

const SIGINT = 2

/**
 * A module Worker of the app's own origin. It shares the app's origin (its
 * storage, cookies, same-origin requests), so it is no isolation boundary:
 * use it only for trusted code, or where the frame host cannot work.
 */
export const createModuleWorkerHost: WorkerHostFactory = ({ interrupts }) => {
  const worker = new Worker(sandboxWorkerURL(appBaseURL()), { type: 'module', name: 'python-sandbox' })
  // The runtime answers on a port of its own, not on the worker's global scope, where user code can post too.
  const rpc = new MessageChannel()
  const connect: WorkerConnect = { type: 'connect' }
  worker.postMessage(connect, [rpc.port2])
  const runtime = wrap<SandboxRuntime>(rpc.port1)
  const interruptState = interrupts && browserSupport().interrupts ? new SharedArrayBuffer(8) : undefined
  const interruptBuffer = interruptState && new Int32Array(interruptState, 0, 1)
  // Installed in the worker only between runs (worker/between-runs.ts): a stop that comes late reaches no run.
  const betweenRunsBuffer = interruptState && new Int32Array(interruptState, 4, 1)

  let die!: (reason: string) => void
  const died = new Promise<string>((resolve) => (die = resolve))
  worker.addEventListener('error', (event) => {
    event.preventDefault()
    die(`the worker failed: ${event.message || 'an error the browser did not describe'}`)
    worker.terminate()
  })
  worker.addEventListener('messageerror', () => die('the worker sent a message that could not be read'))

  return {
    runtime,
    died,
    async prepare(files) {
      await runtime.prepare({ indexURL: files.indexURL, packagesURL: files.packagesURL })
    },
    async init(options, onEvent) {
      const channel = new MessageChannel()
      channel.port1.onmessage = (event) => onEvent(event.data)
      const lifeLock = supportsLocks() ? `pyodide-code-execution:${crypto.randomUUID()}` : undefined
      const info = await runtime.init(
        transfer({ ...options, interruptBuffer, betweenRunsBuffer, lifeLock }, snapshotBytes(options.snapshot)),
        transfer(channel.port2, [channel.port2]),
      )
      // The worker holds this lock while it lives; our request is granted only when it is gone.
      if (lifeLock) void navigator.locks.request(lifeLock, () => die('the worker stopped unexpectedly'))
      return info
    },
    interrupt: () => signal(interruptBuffer),
    stopLeftovers: () => signal(betweenRunsBuffer),
    clearInterrupt() {
      if (interruptBuffer) Atomics.store(interruptBuffer, 0, 0)
    },
    terminate() {
      worker.terminate()
      die('the worker was terminated')
    },
  }
}

function signal(buffer: Int32Array | undefined): boolean {
  if (!buffer) return false
  Atomics.store(buffer, 0, SIGINT)
  Atomics.notify(buffer, 0) // wakes a sleep waiting on the buffer (worker/interruptible-wait.ts)
  return true
}

function supportsLocks(): boolean {
  return typeof navigator !== 'undefined' && navigator.locks !== undefined
}

/**
 * Stands in for a worker when the browser lacks something essential
 * (`browser-support.ts`): it is gone from the start, so the start fails at
 * once with the reason, and nothing is created.
 */
export function unsupportedHost(reason: string): WorkerHost {
  const fail = () => Promise.reject(new Error(reason))
  return {
    prepare: fail,
    init: fail,
    runtime: new Proxy({}, { get: () => fail }) as Remote<SandboxRuntime>,
    died: Promise.resolve(reason),
    interrupt: () => false,
    clearInterrupt() {},
    stopLeftovers: () => false,
    terminate() {},
  }
}

/** The factory's host, or a stand-in that fails at once where the browser cannot run the sandbox. */
export function createSupportedHost(factory: WorkerHostFactory, options: WorkerHostOptions): WorkerHost {
  const reason = unsupportedReason()
  return reason === undefined ? factory(options) : unsupportedHost(reason)
}
