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

  test("a standby's copy is named only while it is the current snapshot; a refused one is forgotten and made anew", async () => {
    const keeper = new SnapshotKeeper({ enabled: true, cache: false, place: PLACE })
    const first = await keeper.plan()
    await keeper.settle(first, INFO, workerThatTook(snapshot(1)))
    keeper.release(first)

    const held = await keeper.forStandby()
    const restart = await keeper.plan(held)
    expect(restart).toEqual({ snapshot: 'prepared', generation: held.generation, makeSnapshot: false })
    // Pyodide refused it (another build): forgotten, so the standby's copy is stale too.
    await keeper.settle(restart, { ...INFO }, workerThatTook(undefined))
    keeper.release(restart)
    const afterRefusal = await keeper.plan(held)
    expect(afterRefusal).toEqual({ generation: held.generation + 1, makeSnapshot: true })
  })

  test('with the snapshot off, no start restores or makes one', async () => {
    const keeper = new SnapshotKeeper({ enabled: false, cache: true, place: PLACE })
    expect(await keeper.forStandby()).toEqual({ snapshot: undefined, generation: 0 })
    expect(await keeper.plan()).toEqual({ generation: 0, makeSnapshot: false })
  })
})
