import { describe, expect, test } from 'vitest'
import type { MemorySnapshot, RuntimeInfo } from '../../../src/protocol.ts'
import { SnapshotKeeper } from '../../../src/sandbox/snapshot-keeper.ts'
import type { WorkerHost } from '../../../src/sandbox/worker-host.ts'

const PLACE = { indexURL: 'https://app.example/pyodide/', packagesURL: 'https://app.example/packages/' }
const INFO: RuntimeInfo = { pythonVersion: '3.14.0', pyodideVersion: '314.0.7', interruptible: true, packageMirror: true, libraries: [] }

function snapshot(fill: number): MemorySnapshot {
  return { bytes: new Uint8Array(16).fill(fill), pyodideVersion: '314.0.7', lockHash: '0'.repeat(32) }
}

/** A worker that took `taken` at its start (what the runtime's takeSnapshot hands over once). */
function workerThatTook(taken?: MemorySnapshot): WorkerHost {
  return { runtime: { takeSnapshot: async () => taken } } as unknown as WorkerHost
}

// Node has no Cache Storage: these are the keeper's rules with the snapshot on the page (as with cacheSnapshot: false).
describe('the snapshot keeper', () => {
  test('the first start makes the snapshot; a start planned meanwhile neither restores nor makes one', async () => {
    const keeper = new SnapshotKeeper({ enabled: true, cache: false, place: PLACE })
    const first = await keeper.plan()
    expect(first).toEqual({ generation: 0, makeSnapshot: true })
    expect(await keeper.plan()).toEqual({ generation: 0, makeSnapshot: false })
    await keeper.settle(first, INFO, workerThatTook(snapshot(7)))
    keeper.release(first)

    const later = await keeper.plan()
    expect(later.makeSnapshot).toBe(false)
    const bytes = (later.snapshot as MemorySnapshot).bytes
    expect([...bytes]).toEqual(new Array(16).fill(7))
    // Each start gets bytes of its own: handing them over must not take the page's copy away.
    expect(bytes).not.toBe(((await keeper.plan()).snapshot as MemorySnapshot).bytes)
  })

  test('a refused snapshot is forgotten and made anew; a start planned with an older one says nothing of the new', async () => {
    const keeper = new SnapshotKeeper({ enabled: true, cache: false, place: PLACE })
    const first = await keeper.plan()
    await keeper.settle(first, INFO, workerThatTook(snapshot(1)))
    keeper.release(first)

    const restart = await keeper.plan()
    const alongside = await keeper.plan() // another start, planned with the same snapshot
    expect(restart.snapshot).toBeDefined()
    expect(restart.makeSnapshot).toBe(false)
    // Pyodide refused it (another build): forgotten, and the next start makes a new one.
    await keeper.settle(restart, INFO, workerThatTook(undefined))
    keeper.release(restart)
    const afterRefusal = await keeper.plan()
    expect(afterRefusal).toEqual({ generation: restart.generation + 1, makeSnapshot: true })
    await keeper.settle(afterRefusal, INFO, workerThatTook(snapshot(2)))
    keeper.release(afterRefusal)

    await keeper.settle(alongside, INFO, workerThatTook(undefined)) // refused too, but it was the old one
    const next = await keeper.plan()
    expect([...(next.snapshot?.bytes ?? [])]).toEqual(new Array(16).fill(2))
    expect(next.makeSnapshot).toBe(false)
  })

  test('with the snapshot off, no start restores or makes one', async () => {
    const keeper = new SnapshotKeeper({ enabled: false, cache: true, place: PLACE })
    expect(await keeper.plan()).toEqual({ generation: 0, makeSnapshot: false })
  })
})
