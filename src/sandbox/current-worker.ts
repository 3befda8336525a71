/**
 * The restart: the one worker the sandbox uses now, and its replacement.
 *
 * A worker that died, was killed at a deadline or must start over for
 * `reset()` is terminated here and the next one is taken from the supply:
 * the spare or the standby when there is one. The sandbox prepares the next
 * one once the worker taken over is ready and idle (`onTakenOver`), so that
 * its start competes neither with this one nor with the runs after it.
 * A worker whose start failed is replaced on the next call, because a start
 * can succeed later (the network came back).
 */
import type { RuntimeInfo } from '../protocol.ts'
import type { SuppliedWorker, WorkerSupply } from './worker-supply.ts'

export interface CurrentWorkerHooks {
  /** A message the given worker posted on its event port, unchecked. */
  onEvent(worker: SuppliedWorker, data: unknown): void
  /** The current worker is ready to run code. */
  onStarted(): void
  /** The current worker is being replaced. */
  onRestart(): void
  /** A replacement took over and is ready: time to think of the next one. */
  onTakenOver(): void
  /** Rejects once the sandbox is disposed, so no wait outlives it. */
  raceDisposal<T>(promise: Promise<T>): Promise<T>
}

export class CurrentWorker {
  private worker!: SuppliedWorker

  constructor(
    private readonly supply: WorkerSupply,
    private readonly hooks: CurrentWorkerHooks,
  ) {
    this.use(this.supply.take())
  }

  /** The worker in use: possibly still starting, possibly gone. */
  get now(): SuppliedWorker {
    return this.worker
  }

  /** Resolves once the worker in use is ready. */
  starting(): Promise<RuntimeInfo> {
    return this.hooks.raceDisposal(this.worker.ready)
  }

  /** The worker in use once it is ready; one that died since its last call is replaced first. */
  async ready(): Promise<SuppliedWorker> {
    if (this.worker.gone) this.replace()
    try {
      await this.starting()
    } catch (error) {
      if ((error as Error).name === 'SandboxStartError') this.replace()
      throw error
    }
    return this.worker
  }

  /** Terminates the worker in use and takes the next one. */
  replace(): void {
    this.worker.host.terminate()
    this.hooks.onRestart()
    const next = this.supply.take()
    this.use(next)
    next.ready.then(
      () => this.hooks.onTakenOver(),
      () => {},
    )
  }

  /** Terminates the worker in use and the spare, for good. */
  dispose(): void {
    this.worker.host.terminate()
    this.supply.dispose()
  }

  private use(worker: SuppliedWorker): void {
    this.worker = worker
    worker.listen((data) => this.hooks.onEvent(worker, data))
    worker.ready.then(
      () => {
        if (this.worker === worker) this.hooks.onStarted()
      },
      () => {},
    )
  }
}
