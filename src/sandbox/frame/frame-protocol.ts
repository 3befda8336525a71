/**
 * Messages between the main thread, the sandbox frame and the worker it starts.
 *
 * Types only, shared by `frame-host.ts` (main thread), `frame-script.ts`
 * (inlined into the frame page) and `worker/main.ts`. Everything here is plain
 * structured-clone data; each receiver checks shapes before acting.
 */

/** Main thread → frame, once, on `window.postMessage` with ports `[control, rpc]`. */
export interface FrameStart {
  type: 'start'
  /** Absolute URL of the worker module (`worker/main.ts` as Vite serves or builds it). */
  workerURL: string
  /**
   * URL prefixes the worker may import scripts from (Vite's module roots under
   * the dev server; none in a build); everything else is blocked. The worker
   * may connect nowhere: its files come through the asset relay.
   */
  scriptSrc: string[]
  /**
   * The built worker's code, when the main thread could fetch it: the frame then
   * starts the worker from it instead of importing `workerURL` over the network,
   * which is what lets the sandbox start offline. Absent under the dev server,
   * whose worker is a graph of modules.
   */
  workerSource?: string
}

/**
 * Worker → main thread, on the asset port: the bytes of one file the sandbox
 * needs (the Pyodide core, the lock, a package). The main thread fetches it,
 * through the app's service worker, only when it is one of the named files of
 * `src/sandbox/frame/asset-allow-list.ts`, in canonical form, without
 * credentials or redirects.
 */
export interface AssetRequest {
  id: number
  url: string
  /** `'abort'` cancels request `id`. */
  action?: 'abort'
  cache?: RequestCache
}

/**
 * Main thread → worker, on the asset port: the response's status and headers,
 * then its body as it arrives, in chunks, then its end; or an error, before
 * the head or in the middle of the body. Streamed, so the worker sees a slow
 * download progress (its package bars, its idle timeout) as the bytes come.
 */
export type AssetResponse =
  | { id: number; status: number; headers: [string, string][] }
  | { id: number; chunk: ArrayBuffer }
  | { id: number; done: true }
  | { id: number; error: string }

/** Main thread → frame, on the control port. */
export type HostToFrame =
  /** Raise KeyboardInterrupt in run `runId`, if that run is still the one executing. */
  | { type: 'interrupt'; runId: number }
  /** Run `runId` waits for the worker: interrupt whatever earlier runs left running, unless the worker took the run up. */
  | { type: 'stop-leftovers'; runId: number }
  /** End the worker now: WebKit keeps a removed frame's worker running for a while, busy loop and all. */
  | { type: 'terminate' }

/** What the frame checked about its own confinement before starting the worker. */
export interface FrameChecks {
  /** The frame's origin is opaque: no storage, cookies, locks or same-origin requests of the app. */
  opaqueOrigin: boolean
  /** `eval` / `new Function` are refused: the Content-Security-Policy is in force. */
  evalBlocked: boolean
  /** A request to the app's origin outside the allowed prefixes is refused before it leaves. */
  connectNarrowed: boolean
}

/** Frame → main thread, on the control port. */
export type FrameToHost =
  | { type: 'started'; crossOriginIsolated: boolean; checks: FrameChecks }
  | { type: 'died'; reason: string }

/** Frame (or module host) → worker, once, with ports `[rpc]` or `[rpc, life, assets]`. */
export interface WorkerConnect {
  type: 'connect'
  /**
   * Set by the frame when it is cross-origin isolated: 16 bytes of Int32s, see
   * `InterruptStateSlots` below.
   */
  interruptState?: SharedArrayBuffer
}

/** Worker → frame, on the life port: the worker is closing itself (`self.close()`). */
export type WorkerLife = 'closing'

/**
 * The Int32 slots of `WorkerConnect.interruptState`, shared by the frame and
 * its worker (each side spells the values out; the type keeps them equal):
 * the run's signal (Pyodide's interrupt buffer while the code runs), the id of
 * the executing run, the between-runs signal (Pyodide's interrupt buffer while
 * no run is in progress) and the id of the last run the worker took up.
 */
export interface InterruptStateSlots {
  signal: 0
  executing: 1
  betweenRuns: 2
  taken: 3
}

/** Bytes of `WorkerConnect.interruptState`: four Int32 slots. */
export type InterruptStateBytes = 16
