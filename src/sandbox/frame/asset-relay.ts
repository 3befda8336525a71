/**
 * Fetches files for the sandbox worker on the main thread.
 *
 * A service worker cannot control an opaque-origin frame, so requests the
 * sandbox made itself would always need the network. Relayed through the main
 * thread they go through the app's service worker (and its offline cache)
 * like any of the app's requests.
 *
 * The main thread has what the sandbox must not: the app's origin, its
 * cookies, its place behind a firewall. So the relay serves named files only
 * (`asset-allow-list.ts`), and fetches them with no ambient authority: no
 * credentials, no referrer, no redirects (a redirect from an allowed file to
 * anything else fails), GET only, and no request header from the worker.
 * What goes back is the status, two headers, and the body as it arrives. A
 * lock is read whole first: the files it names become fetchable before the
 * worker has read its end.
 */
import type { AssetAllowList } from './asset-allow-list.ts'
import type { AssetRequest, AssetResponse } from './frame-protocol.ts'

/** Response headers the worker may need; the rest stay behind. */
const KEPT_HEADERS = ['content-type', 'content-length']

/** The cache modes a worker may ask for (Pyodide and the lock choice use `no-cache`). */
const CACHE_MODES: readonly RequestCache[] = ['default', 'no-store', 'reload', 'no-cache', 'force-cache']

export function serveAssets(port: MessagePort, allowList: AssetAllowList): void {
  const pending = new Map<number, AbortController>()
  const answer = (message: AssetResponse, transfer: Transferable[] = []) => port.postMessage(message, transfer)

  port.onmessage = async (event) => {
    const request = event.data as Partial<AssetRequest> | null
    if (!isRequest(request)) {
      // With an id, the worker's fetch is waiting: tell it, rather than leave it hanging.
      if (Number.isSafeInteger(request?.id)) answer({ id: request!.id!, error: 'a malformed asset request' })
      return
    }
    if (request.action === 'abort') return pending.get(request.id)?.abort()
    const checked = allowList.check(request.url)
    if (!checked.ok) return answer({ id: request.id, error: `${printable(request.url)} is not a file the sandbox may load (${checked.reason})` })
    const controller = new AbortController()
    pending.set(request.id, controller)
    try {
      await relay(request.id, checked.url, request.cache, controller.signal)
    } finally {
      pending.delete(request.id)
    }
  }

  /** Sends the head, then the body as it arrives, then its end; an error in place of what did not come. */
  async function relay(id: number, url: string, cache: RequestCache | undefined, signal: AbortSignal): Promise<void> {
    let response: Response
    try {
      response = await fetch(url, { method: 'GET', credentials: 'omit', redirect: 'error', referrerPolicy: 'no-referrer', signal, ...(cache ? { cache } : {}) })
      // redirect: 'error' already fails a redirect; a service worker could still answer with another URL's response.
      if (response.redirected || (response.url !== '' && response.url !== url) || response.type === 'opaque') {
        await response.body?.cancel()
        throw new Error('the answer came from another URL')
      }
    } catch (error) {
      return answer({ id, error: `${url} could not be fetched: ${reasonOf(error)} (redirects are refused)` })
    }
    const headers = KEPT_HEADERS.flatMap((name): [string, string][] => {
      const value = response.headers.get(name)
      return value === null ? [] : [[name, value]]
    })
    try {
      if (allowList.isLock(url)) {
        const body = await response.arrayBuffer()
        if (response.ok) allowList.learnLock(url, body)
        answer({ id, status: response.status, headers })
        answer({ id, chunk: body }, [body])
      } else {
        answer({ id, status: response.status, headers })
        for await (const chunk of bodyChunks(response)) answer({ id, chunk }, [chunk])
      }
      answer({ id, done: true })
    } catch (error) {
      answer({ id, error: `${url} broke off: ${reasonOf(error)}` })
    }
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The body as it arrives, each chunk in a buffer of its own, ready to transfer. */
async function* bodyChunks(response: Response): AsyncGenerator<ArrayBuffer> {
  if (response.body === null) return
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    const whole = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer
    yield whole ? (value.buffer as ArrayBuffer) : value.slice().buffer
  }
}

function isRequest(value: Partial<AssetRequest> | null): value is AssetRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.id) &&
    typeof value.url === 'string' &&
    (value.action === undefined || value.action === 'abort') &&
    (value.cache === undefined || CACHE_MODES.includes(value.cache))
  )
}

/** The refused URL as it may appear in an error message: short, one line. */
function printable(url: string): string {
  const oneLine = url.replace(/[\u0000-\u001f\u007f]/g, '?')
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine
}
