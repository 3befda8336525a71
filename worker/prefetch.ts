/**
 * Asks for files before Pyodide does. Pyodide fetches its WebAssembly module
 * and standard library only once its JavaScript has loaded, one step after
 * another; started together at the beginning, the large files arrive while
 * the small ones are still being evaluated.
 *
 * The first plain GET of a prefetched URL takes the answer that is already on
 * its way; every other request goes out as usual. What nobody took is dropped
 * by `clear()`, once the start is over.
 */
export interface Prefetch {
  /** `fetch`, answering from the prefetched files first. */
  fetch: typeof fetch
  /** Starts fetching `url` now, unless that is already under way. */
  start(url: string): void
  /** Forgets every answer nobody took. */
  clear(): void
}

export function createPrefetch(fetchFile: typeof fetch): Prefetch {
  const started = new Map<string, Promise<Response>>()
  return {
    fetch(input, init) {
      const url = input instanceof Request ? input.url : new URL(String(input), globalThis.location?.href).href
      const answer = isPlainGet(input, init) ? started.get(url) : undefined
      if (!answer) return fetchFile(input, init)
      started.delete(url)
      return answer
    },
    start(url) {
      const absolute = new URL(url, globalThis.location?.href).href
      if (started.has(absolute)) return
      const answer = fetchFile(absolute)
      answer.catch(() => {}) // whoever takes it hears of the failure
      started.set(absolute, answer)
    },
    clear() {
      started.clear()
    },
  }
}

/** Only a request that the prefetch itself could have made may take its answer. */
function isPlainGet(input: RequestInfo | URL, init: RequestInit | undefined): boolean {
  if (input instanceof Request) return false
  if (init === undefined) return true
  return Object.values(init).every((value) => value === undefined)
}
