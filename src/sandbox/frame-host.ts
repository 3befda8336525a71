/**
 * The isolated host: the worker lives inside a sandboxed iframe without
 * `allow-same-origin`, so it has an opaque origin and the frame's
 * Content-Security-Policy. Python there cannot reach the network (beyond the
 * Pyodide and package files), the app's storage, or the main thread.
 *
 *   main thread ──control port──► frame (idle; writes SIGINT, watches the worker)
 *        ├──────────rpc port (comlink)──────────► worker (Pyodide)
 *        └──────────asset port ◄───────────────── the worker's fetch(), relayed
 *
 * The main thread never listens to `window` messages: it hands the frame three
 * ports in its one `postMessage`, and hears only on them. The frame page, the
 * built worker's code and every file the worker fetches come through the main
 * thread, so the app's service worker (which cannot see an opaque-origin
 * frame) can serve them offline. It never hands over
 * a callable proxy either, so nothing can walk back into main-thread objects.
 * Terminating removes the frame, which ends its worker and everything the code
 * may have left in either.
 */
import { transfer, wrap, type Remote } from 'comlink'
import type { CoreLocation, RuntimeInfo, SandboxRuntime } from '../protocol.ts'
import { createAssetAllowList } from './frame/asset-allow-list.ts'
import { sandboxPolicySources } from './frame/policy-sources.ts'
import type { FrameStart, FrameToHost, HostToFrame } from './frame/frame-protocol.ts'
import { serveAssets } from './frame/asset-relay.ts'
import { isFrameMessage } from './frame/validate-frame.ts'
import { snapshotBytes, type HostInitOptions, type WorkerHost, type WorkerHostFactory } from './worker-host.ts'
import { appBaseURL } from './base-url.ts'
import { sandboxWorkerURL } from './worker-url.ts'

export interface FrameHostOptions {
  /**
   * Where the sandbox's files (the frame page and the worker) are served: the
   * folder given to `copy-assets`. Default: the app's base URL (Vite's `base`,
   * else `/`).
   */
  baseURL?: string | URL
  /** URL of the frame page (relative to the page). Default: `sandbox-frame.html` under `baseURL`. */
  frameURL?: string | URL
  /** How long the frame page may take to load and start its worker; loading Python after that has its own limit (`packageLoadTimeoutMs`). Default: `30_000` ms. */
  startTimeoutMs?: number
  /**
   * Extra folders (absolute URLs ending with `/`) whose files the worker may
   * fetch through the main thread, beyond the Pyodide core and the package
   * files its lock names. Matched on the canonical URL only, fetched without
   * credentials or redirects. Default: none.
   */
  extraConnectSrc?: string[]
}

/** Set on `RuntimeInfo` by this host: whether every confinement check passed. */
export interface IsolatedRuntimeInfo extends RuntimeInfo {
  isolated: boolean
}

export function createFrameHostFactory(hostOptions: FrameHostOptions = {}): WorkerHostFactory {
  const base = new URL(hostOptions.baseURL ?? appBaseURL(), location.href).href
  const frameURL = (hostOptions.frameURL === undefined ? new URL('sandbox-frame.html', base) : new URL(hostOptions.frameURL, location.href)).href
  const workerURL = sandboxWorkerURL(base)
  const startTimeoutMs = hostOptions.startTimeoutMs ?? 30_000

  return ({ interrupts }) => {
    const iframe = document.createElement('iframe')
    // allow-scripts only: no allow-same-origin, so the frame's origin is opaque.
    iframe.setAttribute('sandbox', 'allow-scripts')
    // Lets the frame be cross-origin isolated (and so share a SharedArrayBuffer with its worker) when the page is.
    iframe.setAttribute('allow', 'cross-origin-isolated')
    iframe.setAttribute('aria-hidden', 'true')
    iframe.tabIndex = -1
    iframe.title = 'Python sandbox'
    iframe.style.display = 'none'
    // The page is fetched here and given as srcdoc: a sandboxed frame's own requests bypass the app's
    // service worker, so only this way does the sandbox start offline. Its policy is in the page itself.
    const loaded = fetchOnce(frameURL).then(
      (html) =>
        new Promise<void>((resolve) => {
          iframe.addEventListener('load', () => resolve(), { once: true })
          iframe.srcdoc = html
          ;(document.body ?? document.documentElement).append(iframe)
        }),
    )
    loaded.catch(() => {}) // reported by init()

    const control = new MessageChannel()
    const rpc = new MessageChannel()
    const assets = new MessageChannel()
    const remote = wrap<SandboxRuntime>(rpc.port1)
    let canInterrupt = false
    let currentRun = 0
    let gone = false

    let die!: (reason: string) => void
    const died = new Promise<string>((resolve) => (die = resolve))
    const end = (reason: string) => {
      if (gone) return
      gone = true
      // The frame ends its worker first: removing the frame alone leaves the worker running for a while in WebKit.
      control.port1.postMessage({ type: 'terminate' } satisfies HostToFrame)
      setTimeout(() => {
        iframe.remove()
        control.port1.close()
      }, 100)
      rpc.port1.close()
      assets.port1.close()
      die(reason)
    }

    let started!: (message: Extract<FrameToHost, { type: 'started' }>) => void
    const frameStarted = new Promise<Extract<FrameToHost, { type: 'started' }>>((resolve) => (started = resolve))
    control.port1.onmessage = (event) => {
      const message: unknown = event.data
      if (!isFrameMessage(message)) return
      if (message.type === 'died') end(message.reason)
      else started(message)
    }

    // Notes which run is executing, so an interrupt names it and cannot reach the next one.
    const runtime = new Proxy(remote, {
      get(target, key) {
        if (key !== 'run') return target[key as keyof typeof target]
        return (request: Parameters<SandboxRuntime['run']>[0]) => {
          currentRun = request.runId
          return target.run(request)
        }
      },
    }) as Remote<SandboxRuntime>

    // Starts the frame and its worker, once: by prepare() ahead of time, or by init().
    let launched: Promise<Extract<FrameToHost, { type: 'started' }>> | undefined
    const launch = (files: CoreLocation) => (launched ??= launchFrame(files))
    const launchFrame = async (files: CoreLocation) => {
      const timer = setTimeout(() => end(`the sandbox frame did not start within ${startTimeoutMs / 1000} s`), startTimeoutMs)
      try {
        const sources = sandboxPolicySources({ origin: location.origin, dev: isDevWorker(workerURL) })
        // A built worker is one file: its code travels with the start message, so no network is needed.
        const [, workerSource] = await Promise.all([loaded, isDevWorker(workerURL) ? undefined : fetchOnce(workerURL)])
        const start: FrameStart = { type: 'start', workerURL, ...sources, ...(workerSource ? { workerSource } : {}) }
        if (gone) throw new Error('the sandbox frame is gone')
        const allowList = createAssetAllowList({
          indexURL: files.indexURL,
          packagesURL: files.packagesURL,
          extraPrefixes: hostOptions.extraConnectSrc ?? [],
        })
        serveAssets(assets.port1, allowList)
        iframe.contentWindow?.postMessage(start, '*', [control.port2, rpc.port2, assets.port2])
        const frame = await frameStarted
        canInterrupt = interrupts && frame.crossOriginIsolated
        return frame
      } finally {
        // Only the frame's own start is timed here: loading Python takes longer on a busy machine, and has its own limit (worker-supply.ts).
        clearTimeout(timer)
      }
    }

    const tellFrame = (message: HostToFrame): boolean => {
      if (!canInterrupt || gone) return false
      control.port1.postMessage(message)
      return true
    }

    const host: WorkerHost = {
      runtime,
      died,
      async prepare(files) {
        await launch(files)
        await remote.prepare({ indexURL: files.indexURL, packagesURL: files.packagesURL })
      },
      async init(options: HostInitOptions, onEvent) {
        const frame = await launch(options)
        const events = new MessageChannel()
        events.port1.onmessage = (event) => onEvent(event.data)
        const info = await remote.init(transfer({ ...options }, snapshotBytes(options.snapshot)), transfer(events.port2, [events.port2]))
        const isolated = frame.checks.opaqueOrigin && frame.checks.evalBlocked && frame.checks.connectNarrowed
        // A runtime that reports an interrupt buffer the main thread cannot use would mislead the watchdog.
        return { ...info, interruptible: info.interruptible && canInterrupt, isolated } as IsolatedRuntimeInfo
      },
      interrupt: () => tellFrame({ type: 'interrupt', runId: currentRun }),
      // The frame checks that the worker has not taken the run up yet, and only then writes the signal.
      stopLeftovers: (runId) => tellFrame({ type: 'stop-leftovers', runId }),
      clearInterrupt() {
        // The worker clears the signal itself as each run starts (see worker/connect.ts): nothing to do here.
      },
      terminate() {
        end('the worker was terminated')
      },
    }
    return host
  }
}

/** The default host of `PythonSandbox`. */
export const createFrameHost: WorkerHostFactory = (options) => createFrameHostFactory()(options)

/**
 * Vite's dev server serves the worker as a graph of modules (`…?worker_file`);
 * a build, as one file under assets/. (Not import.meta.env.DEV: a build made
 * under NODE_ENV=test says DEV too.)
 */
function isDevWorker(workerURL: string): boolean {
  return new URL(workerURL).search.includes('worker_file')
}

/**
 * The frame page and the built worker do not change while the app is open,
 * so every respawn after the first reuses them; a failed fetch is forgotten,
 * so a later start can try again (the network may be back).
 */
const fetched = new Map<string, Promise<string>>()

function fetchOnce(url: string): Promise<string> {
  let text = fetched.get(url)
  if (!text) {
    text = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`)
      return response.text()
    })
    text.catch(() => fetched.delete(url))
    fetched.set(url, text)
  }
  return text
}
