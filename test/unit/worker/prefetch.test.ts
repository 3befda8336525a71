import { describe, expect, test } from 'vitest'
import { createPrefetch } from '../../../worker/prefetch.ts'

const WASM = 'https://app.example/pyodide/pyodide.asm.wasm'

/** A fetch that answers every request with its own number, and records what was asked. */
function countingFetch() {
  const asked: Array<{ url: string; init?: RequestInit }> = []
  const fetchFile = (async (input: RequestInfo | URL, init?: RequestInit) => {
    asked.push({ url: String(input instanceof Request ? input.url : input), init })
    return new Response(String(asked.length))
  }) as typeof fetch
  return { asked, fetchFile }
}

describe('prefetch', () => {
  test('the first plain GET of a prefetched URL takes the answer already on its way; later ones fetch again', async () => {
    const { asked, fetchFile } = countingFetch()
    const prefetch = createPrefetch(fetchFile)
    prefetch.start(WASM)
    prefetch.start(WASM) // already under way: not asked twice
    expect(asked).toHaveLength(1)
    expect(await (await prefetch.fetch(new URL(WASM), {})).text()).toBe('1')
    expect(await (await prefetch.fetch(WASM)).text()).toBe('2')
    expect(asked.map(({ url }) => url)).toEqual([WASM, WASM])
  })

  test('a request with options of its own, or a Request object, never takes a prefetched answer', async () => {
    const { asked, fetchFile } = countingFetch()
    const prefetch = createPrefetch(fetchFile)
    prefetch.start(WASM)
    expect(await (await prefetch.fetch(WASM, { cache: 'no-cache' })).text()).toBe('2')
    expect(await (await prefetch.fetch(new Request(WASM))).text()).toBe('3')
    expect(asked[1]?.init).toEqual({ cache: 'no-cache' })
    expect(await (await prefetch.fetch(WASM)).text()).toBe('1') // still there for a plain GET
  })

  test('clear() drops what nobody took, and a failed prefetch fails only the fetch that takes it', async () => {
    let fail = true
    const fetchFile = (async () => {
      if (fail) throw new TypeError('offline')
      return new Response('fresh')
    }) as typeof fetch
    const prefetch = createPrefetch(fetchFile)
    prefetch.start(WASM)
    await expect(prefetch.fetch(WASM)).rejects.toThrow('offline')
    prefetch.start(WASM)
    prefetch.clear()
    fail = false
    expect(await (await prefetch.fetch(WASM)).text()).toBe('fresh')
  })
})
