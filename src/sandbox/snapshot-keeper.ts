/**
 * The memory snapshot that later workers start from.
 *
 * The first cold start also takes a snapshot of Pyodide right after it
 * loaded: before the sandbox's setup and before any user code, so nothing of
 * a run can be in it. Later starts restore it instead of loading Python cold,
 * then run the same setup as a cold start.
 *
 * With `cacheSnapshot` it is kept in Cache Storage (snapshot-cache.ts): the
 * first start of the next visit restores it, and the page itself holds no
 * copy once it is stored there; each start reads it back. Without the cache,
 * or when storing fails, the page keeps it.
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

/** What one start is given: the snapshot to restore, the request to make one, or both. */
export interface SnapshotPlan {
  snapshot?: MemorySnapshot
  /** Which snapshot the page had when the plan was made: what the start teaches applies to that one only. */
  generation: number
  makeSnapshot: boolean
}

export class SnapshotKeeper {
  // The snapshot, when the page holds it; otherwise it is in the cache, if anywhere.
  private kept: MemorySnapshot | undefined
  private inCache: boolean
  // Counts the snapshots this page has had.
  private generation = 0
  // A start restored the current snapshot, or made it: starts need not make another.
  private trusted = false
  // A start is making the snapshot: the others do not make one too.
  private making = false

  constructor(private readonly options: SnapshotKeeperOptions) {
    this.inCache = options.enabled && options.cache // the one an earlier visit kept, if any
  }

  /** The plan of the next start. Call `settle` once it has started, and `release` in any case. */
  async plan(): Promise<SnapshotPlan> {
    const generation = this.generation
    if (!this.options.enabled) return { generation, makeSnapshot: false }
    const snapshot = await this.read()
    // With a snapshot not yet known to restore (an earlier visit's): a start that cannot restore it starts cold and makes a fresh one.
    const makeSnapshot = !this.making && (!this.trusted || !snapshot)
    if (makeSnapshot) this.making = true
    return snapshot ? { snapshot, generation, makeSnapshot } : { generation, makeSnapshot }
  }

  /** Learns from a start that succeeded: whether its snapshot was good, and the one it took. */
  async settle(plan: SnapshotPlan, info: RuntimeInfo, host: WorkerHost): Promise<void> {
    if (plan.snapshot && plan.generation === this.generation) {
      if (info.fromSnapshot) this.trusted = true
      // Refused (another release, lock or build): no later start should try it again.
      else this.forget()
    }
    // Taken before the worker is handed out, so no user code has run in it yet.
    if (plan.makeSnapshot) await this.keep(host)
  }

  /** The start is over, however it went. */
  release(plan: SnapshotPlan): void {
    if (plan.makeSnapshot) this.making = false
  }

  /**
   * The current snapshot, as bytes the caller owns (a host hands them over to
   * its worker, see `snapshotBytes`): a copy of the page's, or a fresh read of the cached one.
   */
  private async read(): Promise<MemorySnapshot | undefined> {
    if (this.kept) return { ...this.kept, bytes: this.kept.bytes.slice() }
    return this.inCache ? loadCachedSnapshot(this.options.place) : undefined
  }

  /** Keeps the snapshot the worker took at its start, when it is well formed: in the cache when asked, else on the page. */
  private async keep(host: WorkerHost): Promise<void> {
    const taken: unknown = await host.runtime.takeSnapshot()
    if (!isMemorySnapshot(taken)) return
    this.generation++
    this.trusted = true
    this.kept = taken
    this.inCache = false
    if (!this.options.cache) return
    void storeSnapshot(this.options.place, taken).then((stored) => {
      // Stored, and still the current one: the page can let its copy go.
      if (stored && this.kept === taken) {
        this.kept = undefined
        this.inCache = true
      }
    })
  }

  private forget(): void {
    this.generation++
    this.trusted = false
    this.kept = undefined
    this.inCache = false
  }
}
