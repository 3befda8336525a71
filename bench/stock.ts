/**
 * Drives the baseline worker the way the stock recipe does: interrupt at the
 * deadline, terminate after a grace period if the code does not stop, and
 * cold-start a new worker.
 */
export class StockPyodide {
  private worker!: Worker
  private readonly interruptBuffer = crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : undefined
  private pending: ((data: { value?: unknown; error?: string; ready?: boolean }) => void) | undefined

  /** Starts a worker (on the sandbox's Pyodide unless `indexURL` names another distribution); resolves with its cold start in ms. */
  async start({ indexURL, env }: { indexURL?: string; env?: Record<string, string> } = {}): Promise<number> {
    const t = performance.now()
    this.worker = new Worker(new URL('./baseline-worker.ts', import.meta.url), { type: 'module' })
    this.worker.onmessage = (event) => this.pending?.(event.data)
    await this.call({ type: 'init', interruptBuffer: this.interruptBuffer, indexURL, env })
    return performance.now() - t
  }

  /** Runs code under a deadline; returns when it stopped (ms after start) and whether the worker had to be replaced. */
  async run(code: string, timeoutMs = 60_000, graceMs = 1_000, { withImports = false } = {}): Promise<{ value: unknown; error?: string; ms: number; killed: boolean }> {
    const t = performance.now()
    if (this.interruptBuffer) this.interruptBuffer[0] = 0
    const answer = this.call({ type: 'run', code, withImports })
    const deadline = setTimeout(() => {
      if (this.interruptBuffer) this.interruptBuffer[0] = 2
    }, timeoutMs)
    const killAfter = new Promise<undefined>((resolve) => setTimeout(resolve, timeoutMs + (this.interruptBuffer ? graceMs : 0)))
    const data = await Promise.race([answer, killAfter])
    clearTimeout(deadline)
    if (data) return { value: data.value, error: data.error, ms: performance.now() - t, killed: false }
    this.worker.terminate()
    return { value: undefined, error: 'terminated', ms: performance.now() - t, killed: true }
  }

  stop(): void {
    this.worker.terminate()
  }

  private call(message: unknown): Promise<{ value?: unknown; error?: string; ready?: boolean }> {
    return new Promise((resolve) => {
      this.pending = resolve
      this.worker.postMessage(message)
    })
  }
}
