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
 */
function narrowPolicy(start: FrameStart): void {
  const meta = document.createElement('meta')
  meta.httpEquiv = 'Content-Security-Policy'
  // Firefox checks the modules a worker's module imports against worker-src. Only under the dev server (no
  // worker code in hand) does the worker import modules from script-src's folders itself.
  const workerSrc = start.workerSource === undefined ? `${sourceList(start.scriptSrc)} blob:` : 'blob:'
  meta.content =
    `default-src 'none'; script-src ${sourceList(start.scriptSrc)} blob: 'wasm-unsafe-eval'; ` +
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
 * An opaque origin may only start workers from blob: URLs, and Chromium fails
 * module workers from `blob:null` URLs, so a classic blob worker imports the
 * worker module (from the app's origin, with CORS). The host's first message
 * can arrive before that import is done: it is held and dispatched again.
 * A failed import is rethrown in a task, which fires `error` on the Worker.
 */
function bootstrapURL(workerURL: string, workerSource: string | undefined): string {
  // With the built worker's code in hand, the worker imports it from a blob of its own: no network needed.
  const target =
    workerSource === undefined
      ? JSON.stringify(workerURL)
      : `URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' }))`
  const source =
    `const first = new Promise((resolve) => addEventListener('message', resolve, { once: true }))\n` +
    `import(${target}).then(() => first).then(\n` +
    `  (event) => dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] })),\n` +
    `  (error) => setTimeout(() => { throw error }),\n` +
    `)\n`
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
}

function startWorker(start: FrameStart, control: MessagePort, rpc: MessagePort, assets: MessagePort, checks: FrameChecks): void {
  const post = (message: FrameToHost) => control.postMessage(message)
  let dead = false
  const die = (reason: string) => {
    if (dead) return
    dead = true
    worker.terminate()
    post({ type: 'died', reason })
  }

  // Only a cross-origin isolated frame may create the buffer; the main thread, in another agent cluster, never could share it.
  const interruptState = crossOriginIsolated ? new SharedArrayBuffer(STATE_BYTES) : undefined
  const slots = interruptState && new Int32Array(interruptState)

  const worker = new Worker(bootstrapURL(start.workerURL, start.workerSource), { name: 'python-sandbox' })
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
    if (!slots || !message || !Number.isSafeInteger(message.runId)) return
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
  const [control, rpc, assets] = event.ports as [MessagePort, MessagePort, MessagePort]
  narrowPolicy(start)
  void checkConfinement(start).then((checks) => startWorker(start, control, rpc, assets, checks))
})
