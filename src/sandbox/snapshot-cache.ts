/**
 * The memory snapshot kept for the next visit, in the app's Cache Storage
 * (the page's origin: the sandboxed frame and its worker never touch it).
 *
 * One entry per Pyodide folder and package mirror. The entry carries the
 * Pyodide release and the lock digest it was made with; the worker restores
 * it only when both match what it loads, so a snapshot of an older release
 * is ignored, and the fresh one made by that cold start replaces it.
 * Every failure (no Cache Storage, quota, a malformed entry) means a cold
 * start, never a failed one.
 */
import type { MemorySnapshot } from '../protocol.ts'
import { isMemorySnapshot } from './validate.ts'

/** The Cache Storage cache that holds the snapshots. */
export const SNAPSHOT_CACHE = 'pyodide-code-execution-snapshot'

const VERSION_HEADER = 'x-pyodide-version'
const LOCK_HEADER = 'x-pyodide-lock-digest'

/** Where the snapshot of this Pyodide folder and mirror is kept. */
export interface SnapshotPlace {
  indexURL: string
  packagesURL: string
}

/** The cached snapshot for this place, or undefined when there is none or it cannot be read. */
export async function loadCachedSnapshot(place: SnapshotPlace): Promise<MemorySnapshot | undefined> {
  try {
    const cache = await openCache()
    const response = await cache?.match(keyOf(place))
    if (!response) return undefined
    const snapshot = {
      bytes: new Uint8Array(await response.arrayBuffer()),
      pyodideVersion: response.headers.get(VERSION_HEADER),
      lockHash: response.headers.get(LOCK_HEADER),
    }
    return isMemorySnapshot(snapshot) ? snapshot : undefined
  } catch {
    return undefined
  }
}

/** Keeps the snapshot for the next visit, replacing the one before. Resolves false when it could not. */
export async function storeSnapshot(place: SnapshotPlace, snapshot: MemorySnapshot): Promise<boolean> {
  try {
    const cache = await openCache()
    if (!cache) return false
    const headers = { 'content-type': 'application/octet-stream', [VERSION_HEADER]: snapshot.pyodideVersion, [LOCK_HEADER]: snapshot.lockHash }
    await cache.put(keyOf(place), new Response(snapshot.bytes as Uint8Array<ArrayBuffer>, { headers }))
    return true
  } catch {
    return false
  }
}

async function openCache(): Promise<Cache | undefined> {
  // Absent outside secure contexts, and in some private modes.
  if (typeof caches === 'undefined') return undefined
  return caches.open(SNAPSHOT_CACHE)
}

/** A URL of the app's own origin that names the place; it is never fetched. */
function keyOf({ indexURL, packagesURL }: SnapshotPlace): string {
  const key = new URL('/.pyodide-snapshot', location.origin)
  key.searchParams.set('index', indexURL)
  key.searchParams.set('packages', packagesURL)
  return key.href
}
