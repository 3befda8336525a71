/**
 * Fetches files for the sandbox worker on the main thread.
 *
 * A service worker cannot control an opaque-origin frame, so requests the
 * sandbox made itself would always need the network. Relayed through the main
 * thread they go through the app's service worker (and its offline cache)
 * like any of the app's requests. Only URLs under the allowed prefixes are
 * served: the same ones the frame's Content-Security-Policy allows.
 */
import type { AssetRequest, AssetResponse } from './frame-protocol.ts'

/** Response headers the worker may need; the rest stay behind. */
const KEPT_HEADERS = ['content-type', 'content-length']

export function serveAssets(port: MessagePort, allowedPrefixes: readonly string[]): void {
  const pending = new Map<number, AbortController>()
  const answer = (message: AssetResponse, transfer: Transferable[] = []) => port.postMessage(message, transfer)

  port.onmessage = async (event) => {
    const request = event.data as Partial<AssetRequest> | null
    if (!isRequest(request)) return
    if (request.action === 'abort') return pending.get(request.id)?.abort()
    if (!allowedPrefixes.some((prefix) => request.url.startsWith(prefix))) {
      return answer({ id: request.id, error: `${request.url} is outside what the sandbox may load` })
    }
    const controller = new AbortController()
    pending.set(request.id, controller)
    try {
      const response = await fetch(request.url, { signal: controller.signal, ...(request.cache ? { cache: request.cache } : {}) })
      const body = await response.arrayBuffer()
      const headers = KEPT_HEADERS.flatMap((name): [string, string][] => {
        const value = response.headers.get(name)
        return value === null ? [] : [[name, value]]
      })
      answer({ id: request.id, status: response.status, headers, body }, [body])
    } catch (error) {
      answer({ id: request.id, error: error instanceof Error ? error.message : String(error) })
    } finally {
      pending.delete(request.id)
    }
  }
}

function isRequest(value: Partial<AssetRequest> | null): value is AssetRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.id) &&
    typeof value.url === 'string' &&
    /^https?:\/\//.test(value.url) &&
    (value.action === undefined || value.action === 'abort')
  )
}
