/**
 * `fetch` for the isolated worker: asks the main thread for the file over the
 * asset port (see `src/sandbox/frame/asset-relay.ts`) instead of the network,
 * so the sandbox starts and loads packages offline, from the app's cache.
 */
import type { AssetRequest, AssetResponse } from '../src/sandbox/frame/frame-protocol.ts'

export function fetchThrough(port: MessagePort): typeof fetch {
  let nextId = 1
  const waiting = new Map<number, (response: AssetResponse) => void>()
  port.onmessage = (event: MessageEvent<AssetResponse>) => waiting.get(event.data?.id)?.(event.data)

  return (input, init) => {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request?.url ?? String(input), location.href).href
    const signal = init?.signal ?? request?.signal
    const cache = init?.cache ?? request?.cache
    const id = nextId++
    return new Promise<Response>((resolve, reject) => {
      const finish = () => {
        waiting.delete(id)
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = () => {
        finish()
        port.postMessage({ id, url, action: 'abort' } satisfies AssetRequest)
        reject(signal?.reason ?? new DOMException('The request was aborted.', 'AbortError'))
      }
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      waiting.set(id, (answer) => {
        finish()
        if ('error' in answer) return reject(new TypeError(`Failed to fetch ${url}: ${answer.error}`))
        const nullBody = answer.status === 204 || answer.status === 304
        resolve(new Response(nullBody ? null : answer.body, { status: answer.status, headers: answer.headers }))
      })
      port.postMessage({ id, url, ...(cache ? { cache } : {}) } satisfies AssetRequest)
    })
  }
}
