/**
 * The memory snapshot that later workers start from.
 *
 * The first cold start also takes a snapshot of Pyodide right after it
 * loaded: before the sandbox's setup and before any user code, so nothing of
 * a run can be in it. Later starts restore it instead of loading Python cold,
 * then run the same setup as a cold start. With `cacheSnapshot` it is also
 * kept in Cache Storage, and the first start of the next visit restores it
 * (snapshot-cache.ts).
 *
 * A worker restores a snapshot only when it was made by the same Pyodide
 * release with the same lock; one that is refused is forgotten, and the cold
 * start that follows makes a fresh one.
 */
import type { MemorySnapshot, RuntimeInfo } from '../protocol.ts'
import { loadCachedSnapshot, storeSnapshot, type SnapshotPlace } from './snapshot-cache.ts'
import { isMemorySnapshot } from './validate.ts'
import type { WorkerHost } from './worker-host.ts'

export interface SnapshotKeeperOptions {
  /** Start later workers from a snapshot taken by the first cold start. */
  enabled: boolean
  /** Keep the snapshot in Cache Storage for the next visit, and start from the one kept there. */
  cache: boolean
  place: SnapshotPlace
}

/** What one start is given: the snapshot to restore, or the request to make one, or both. */
export interface SnapshotPlan {
  snapshot?: MemorySnapshot
  makeSnapshot: boolean
}

export class SnapshotKeeper {
  private snapshot: MemorySnapshot | undefined
  // A start is making the snapshot: the others do not make one too.
  private making = false
  // The snapshot an earlier visit kept, read once.
  private cached: Promise<MemorySnapshot | undefined>

  constructor(private readonly options: SnapshotKeeperOptions) {
    this.cached = options.enabled && options.cache ? loadCachedSnapshot(options.place) : Promise.resolve(undefined)
  }

  /** The snapshot later starts restore, once one was made or restored; undefined before. */
  get current(): MemorySnapshot | undefined {
    return this.snapshot
  }

  /** The plan of the next start. Call `settle` once it has started, and `release` in any case. */
  async plan(): Promise<SnapshotPlan> {
    if (!this.options.enabled) return { makeSnapshot: false }
    const snapshot = this.snapshot ?? (await this.cached)
    // With a cached snapshot too: a start that cannot restore it starts cold and makes a fresh one.
    const makeSnapshot = !this.making && (!snapshot || snapshot !== this.snapshot)
    if (makeSnapshot) this.making = true
    return snapshot ? { snapshot, makeSnapshot } : { makeSnapshot }
  }

  /** Learns from a start that succeeded: whether its snapshot was good, and the one it took. */
  async settle(plan: SnapshotPlan, info: RuntimeInfo, host: WorkerHost): Promise<void> {
    if (plan.snapshot && info.fromSnapshot) this.snapshot ??= plan.snapshot
    // Refused (another release, lock or build): no later start should try it again.
    if (plan.snapshot && !info.fromSnapshot) this.forget(plan.snapshot)
    // Taken before the worker is handed out, so no user code has run in it yet.
    if (plan.makeSnapshot) await this.keep(host)
  }

  /** The start is over, however it went. */
  release(plan: SnapshotPlan): void {
    if (plan.makeSnapshot) this.making = false
  }

  /** Keeps the snapshot the worker took at its start, when it is well formed, and for the next visit when asked. */
  private async keep(host: WorkerHost): Promise<void> {
    const taken: unknown = await host.runtime.takeSnapshot()
    if (!isMemorySnapshot(taken)) return
    this.snapshot = taken
    if (this.options.cache) void storeSnapshot(this.options.place, taken)
  }

  private forget(snapshot: MemorySnapshot): void {
    if (this.snapshot === snapshot) this.snapshot = undefined
    void this.cached.then((cached) => {
      if (cached === snapshot) this.cached = Promise.resolve(undefined)
    })
  }
}
