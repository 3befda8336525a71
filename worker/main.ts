/** The worker's entry: waits for its host's port, locks the scope down, serves the runtime on that port. */
import { expose } from 'comlink'
import { isWorkerConnect, lockDown, withFrameInterrupts } from './connect.ts'
import { createRuntime } from './runtime.ts'

addEventListener('message', function connect(event: MessageEvent) {
  const [rpc, life] = event.ports
  if (!isWorkerConnect(event.data) || !rpc) return
  removeEventListener('message', connect)
  lockDown(life)
  expose(withFrameInterrupts(createRuntime(), event.data.interruptState), rpc)
})
