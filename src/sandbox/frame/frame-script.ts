/**
 * The script of the sandbox frame page, inlined into it at build time
 * (`scripts/sandbox-frame.ts`), so the frame needs no script request of its own.
 *
 * The frame is a sandboxed iframe without `allow-same-origin`: its origin is
 * opaque, so neither it nor the worker it starts can use the app's storage,
 * cookies, locks or channels. Its Content-Security-Policy (the page's own, and
 * a narrower one added here from what the main thread allows) is inherited by
 * the blob worker, which is what keeps Python's `fetch` & co. off the network.
 *
 * The frame stays idle while Python runs, so it can still write SIGINT into
 * the interrupt buffer it shares with its worker, and it watches the worker's
 * death for the main thread, which cannot see the worker at all.
 */
import type { FrameChecks, FrameStart, FrameToHost, HostToFrame, InterruptStateBytes, InterruptStateSlots, WorkerConnect } from './frame-protocol.ts'

const SIGINT = 2
const SLOT: InterruptStateSlots = { signal: 0, executing: 1, betweenRuns: 2, taken: 3 }
const STATE_BYTES: InterruptStateBytes = 16

function isStart(data: unknown): data is FrameStart {
  const start = data as FrameStart
  const urls = (value: unknown) => Array.isArray(value) && value.every((url) => typeof url === 'string' && /^https?:\/\//.test(url))
  return (
    typeof data === 'object' && data !== null && start.type === 'start' &&
    typeof start.workerURL === 'string' && urls([start.workerURL]) && urls(start.scriptSrc) &&
    (start.workerSource === undefined || typeof start.workerSource === 'string')
  )
}

/** CSP source lists cannot hold spaces, semicolons or commas; the URLs come from our own main thread, but still. */
function sourceList(urls: string[]): string {
  return urls.map((url) => url.replace(/[\s;,']/g, encodeURIComponent)).join(' ')
}

/**
 * Adds a second policy: both apply, so this can only narrow the page's own.
 * No `connect-src` at all: the worker's `fetch` goes through the main thread's
 * asset relay, and XHR, WebSocket, EventSource and beacons have nowhere to go.
 * Of the two schemes the page's policy allows for code, only the one this
 * browser starts workers from stays (`codeScheme`).
 */
function narrowPolicy(start: FrameStart, scheme: CodeScheme): void {
  const meta = document.createElement('meta')
  meta.httpEquiv = 'Content-Security-Policy'
  // Firefox checks the modules a worker's module imports against worker-src. Only under the dev server (no
  // worker code in hand) does the worker import modules from script-src's folders itself.
  const workerSrc = start.workerSource === undefined ? `${sourceList(start.scriptSrc)} ${scheme}` : scheme
  meta.content =
    `default-src 'none'; script-src ${sourceList(start.scriptSrc)} ${scheme} 'wasm-unsafe-eval'; ` +
    `worker-src ${workerSrc}; connect-src 'none'`
  document.head.append(meta)
}

async function checkConfinement(start: FrameStart): Promise<FrameChecks> {
  let evalBlocked = false
  try {
    // eslint-disable-next-line no-new-func
    new Function('return 1')()
  } catch {
    evalBlocked = true
  }
  // A URL of the app's origin: the policy must refuse it before it is sent.
  let connectNarrowed = false
  try {
    await fetch(new URL('/.sandbox-policy-probe', start.workerURL), { cache: 'no-store' })
  } catch {
    connectNarrowed = true
  }
  return { opaqueOrigin: self.origin === 'null', evalBlocked, connectNarrowed }
}

/**
 * Where a worker's code can come from in this frame. An opaque origin may
 * start workers from `blob:` and `data:` URLs only. Chromium and Firefox load
 * `blob:` ones; WebKit, in a cross-origin isolated page, loads neither a
 * `blob:` worker nor a `blob:` module imported in a worker of an
 * opaque-origin frame, but does load `data:` ones. `blob:` is tried first:
 * in Chromium a `data:` worker is not cross-origin isolated. Detected by
 * trying a worker that says one word, never by the browser's name.
 */
type CodeScheme = 'blob:' | 'data:'

function codeURL(scheme: CodeScheme, source: string): string {
  return scheme === 'blob:'
    ? URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
    : `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`
}

function codeScheme(): Promise<CodeScheme> {
  return new Promise((resolve) => {
    let probe: Worker
    try {
      probe = new Worker(codeURL('blob:', 'postMessage(0)'))
    } catch {
      return resolve('data:') // refused outright (WebKit does so when a policy leaves out blob:)
    }
    const settle = (scheme: CodeScheme) => {
      probe.terminate()
      resolve(scheme)
    }
    probe.onmessage = () => settle('blob:')
    probe.onerror = (event) => {
      event.preventDefault()
      settle('data:')
    }
  })
}

/**
 * Chromium fails module workers from `blob:null` URLs, so a classic `blob:`
 * worker imports the worker module: from the app's origin (with CORS) under the dev
 * server, else from its code, given as a URL of the same scheme. The host's
 * first message can arrive before that import is done: it is held and
 * dispatched again. A failed import is rethrown in a task, which fires
 * `error` on the Worker. A `data:` worker is a module worker: Pyodide refuses
 * to start in a classic worker, which it recognises by `importScripts`
 * accepting a `data:` URL.
 */
function bootstrapURL(scheme: CodeScheme, workerURL: string, workerSource: string | undefined): string {
  // With the built worker's code in hand, the worker imports it from a URL of its own: no network needed.
  const target =
    workerSource === undefined
      ? JSON.stringify(workerURL)
      : scheme === 'blob:'
        ? `URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' }))`
        : `'data:text/javascript;charset=utf-8,' + encodeURIComponent(${JSON.stringify(workerSource)})`
  const source =
    `const first = new Promise((resolve) => addEventListener('message', resolve, { once: true }))\n` +
    `import(${target}).then(() => first).then(\n` +
    `  (event) => dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] })),\n` +
    `  (error) => setTimeout(() => { throw error }),\n` +
    `)\n`
  return codeURL(scheme, source)
}

function startWorker(start: FrameStart, scheme: CodeScheme, ports: MessagePort[], checks: FrameChecks): void {
  const [control, rpc, assets] = ports as [MessagePort, MessagePort, MessagePort]
  const post = (message: FrameToHost) => control.postMessage(message)
  let dead = false
  const die = (reason: string) => {
    if (dead) return
    dead = true
    worker.terminate()
    post({ type: 'died', reason })
  }

  // Only a cross-origin isolated frame may create the buffer; the main thread, in another agent cluster, never could share it.
  // Some WebKit builds say the frame is isolated and still have no SharedArrayBuffer: then runs are stopped by terminating.
  const interruptState = crossOriginIsolated && typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(STATE_BYTES) : undefined
  const slots = interruptState && new Int32Array(interruptState)

  const worker = new Worker(bootstrapURL(scheme, start.workerURL, start.workerSource), {
    name: 'python-sandbox',
    type: scheme === 'data:' ? 'module' : 'classic',
  })
  worker.addEventListener('error', (event) => {
    event.preventDefault()
    die(`the worker failed: ${event.message || 'its script could not be loaded (see docs/deployment.md for the headers it needs)'}`)
  })
  worker.addEventListener('messageerror', () => die('the worker sent a message that could not be read'))
  // Whatever the worker posts on its global scope is the user's code talking: nobody listens.

  const life = new MessageChannel()
  life.port1.onmessage = (event) => {
    if (event.data === 'closing') die('the worker stopped unexpectedly')
  }
  const connect: WorkerConnect = interruptState ? { type: 'connect', interruptState } : { type: 'connect' }
  worker.postMessage(connect, [rpc, life.port2, assets])

  control.onmessage = (event: MessageEvent<HostToFrame>) => {
    const message = event.data as Partial<HostToFrame> | null
    if (message?.type === 'terminate') return die('the worker was terminated')
    if (!slots || !message || !('runId' in message) || !Number.isSafeInteger(message.runId)) return
    if (message.type === 'interrupt' && Atomics.load(slots, SLOT.executing) === message.runId) signal(slots, SLOT.signal)
    // Only while the run waits: once taken up, the worker no longer listens on this signal, and clears it.
    else if (message.type === 'stop-leftovers' && Atomics.load(slots, SLOT.taken) < message.runId!) signal(slots, SLOT.betweenRuns)
  }
  post({ type: 'started', crossOriginIsolated: slots !== undefined, checks })
}

function signal(slots: Int32Array, slot: number): void {
  Atomics.store(slots, slot, SIGINT)
  Atomics.notify(slots, slot) // wakes a sleep waiting on the buffer (worker/interruptible-wait.ts)
}

addEventListener('message', function onStart(event: MessageEvent) {
  if (event.source !== parent || !isStart(event.data) || event.ports.length !== 3) return
  removeEventListener('message', onStart)
  const start = event.data
  const ports = [...event.ports]
  void codeScheme()
    .then(async (scheme) => {
      narrowPolicy(start, scheme)
      startWorker(start, scheme, ports, await checkConfinement(start))
    })
    .catch((error: unknown) => {
      // Said at once, rather than left to the host's start timeout.
      const reason: FrameToHost = { type: 'died', reason: `the sandbox frame could not start its worker: ${String(error)}` }
      ports[0]!.postMessage(reason)
    })
})
