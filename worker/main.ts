/** The worker's entry: waits for its host's port, locks the scope down, serves the runtime on that port. */
import { expose } from 'comlink'
import { fetchThrough } from './asset-fetch.ts'
import { isWorkerConnect, lockDown, withFrameInterrupts } from './connect.ts'
import { createPrefetch } from './prefetch.ts'
import { createRuntime } from './runtime.ts'

addEventListener('message', function connect(event: MessageEvent) {
  const [rpc, life, assets] = event.ports
  if (!isWorkerConnect(event.data) || !rpc) return
  removeEventListener('message', connect)
  // In the isolated frame, files come from the main thread (and its offline cache), not the network.
  const prefetch = createPrefetch(assets ? fetchThrough(assets) : fetch.bind(globalThis))
  globalThis.fetch = prefetch.fetch
  lockDown(life)
  expose(withFrameInterrupts(createRuntime(prefetch), event.data.interruptState), rpc)
})
