/**
 * `fetch` for the isolated worker: asks the main thread for the file over the
 * asset port (see `src/sandbox/frame/asset-relay.ts`) instead of the network,
 * so the sandbox starts and loads packages offline, from the app's cache.
 *
 * The response resolves with the head; its body streams in as the relay
 * sends chunks, so a slow download shows progress and keeps the package
 * loader's idle timer from firing while bytes still come.
 */
import type { AssetRequest, AssetResponse } from '../src/sandbox/frame/frame-protocol.ts'

/** What one request still waits for: its head, then the rest of its body. */
interface Exchange {
  onHead(status: number, headers: [string, string][]): void
  onChunk(chunk: ArrayBuffer): void
  onDone(): void
  onError(message: string): void
}

export function fetchThrough(port: MessagePort): typeof fetch {
  let nextId = 1
  const exchanges = new Map<number, Exchange>()
  port.onmessage = (event: MessageEvent<AssetResponse>) => {
    const message = event.data
    const exchange = exchanges.get(message?.id)
    if (exchange === undefined) return
    if ('error' in message) exchange.onError(message.error)
    else if ('chunk' in message) exchange.onChunk(message.chunk)
    else if ('done' in message) exchange.onDone()
    else exchange.onHead(message.status, message.headers)
  }

  return (input, init) => {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request?.url ?? String(input), location.href).href
    const signal = init?.signal ?? request?.signal
    const cache = init?.cache ?? request?.cache
    const id = nextId++
    const abortReason = () => signal?.reason ?? new DOMException('The request was aborted.', 'AbortError')
    return new Promise<Response>((resolve, reject) => {
      let body: ReadableStreamDefaultController<Uint8Array> | undefined
      const finish = () => {
        exchanges.delete(id)
        signal?.removeEventListener('abort', onAbort)
      }
      /** The worker gave up on the file: tell the relay, so it stops fetching it. */
      const cancel = () => {
        finish()
        port.postMessage({ id, url, action: 'abort' } satisfies AssetRequest)
      }
      const onAbort = () => {
        cancel()
        if (body) body.error(abortReason())
        else reject(abortReason())
      }
      if (signal?.aborted) return reject(abortReason())
      signal?.addEventListener('abort', onAbort, { once: true })
      exchanges.set(id, {
        onHead(status, headers) {
          const nullBody = status === 204 || status === 304
          const stream = nullBody
            ? null
            : new ReadableStream<Uint8Array>({
                start: (controller) => void (body = controller),
                cancel,
              })
          if (nullBody) finish()
          resolve(new Response(stream, { status, headers }))
        },
        onChunk(chunk) {
          body?.enqueue(new Uint8Array(chunk))
        },
        onDone() {
          finish()
          body?.close()
        },
        onError(message) {
          finish()
          const error = new TypeError(`Failed to fetch ${url}: ${message}`)
          if (body) body.error(error)
          else reject(error)
        },
      })
      port.postMessage({ id, url, ...(cache ? { cache } : {}) } satisfies AssetRequest)
    })
  }
}
