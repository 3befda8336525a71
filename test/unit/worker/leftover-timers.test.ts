import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { holdLeftoverTimers, type TimerScope } from '../../../worker/leftover-timers.ts'

/** A global scope of its own, on the test's (fake) timers, so the real one is left alone. */
function scope(): TimerScope {
  return { setTimeout, setInterval, clearTimeout, clearInterval } as TimerScope
}

describe('timers an earlier run left behind, while a run is in progress', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  test('a timer set between runs that falls due during a run fires once the run has ended', async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    const fired: string[] = []
    worker.setTimeout((what: string) => fired.push(what), 100, 'leftover')
    timers.runStarts(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(fired).toEqual([])
    timers.runEnded()
    expect(fired, 'not inside the run, whose answer goes first').toEqual([])
    await vi.advanceTimersByTimeAsync(0)
    expect(fired).toEqual(['leftover'])
  })

  test("a run's own timers fire during it, and after it between runs", async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    const fired: number[] = []
    timers.runStarts(1)
    worker.setTimeout(() => fired.push(1), 10)
    worker.setTimeout(() => fired.push(2), 1_000)
    await vi.advanceTimersByTimeAsync(10)
    expect(fired).toEqual([1])
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(fired).toEqual([1, 2])
  })

  test("another run's timers are held: each run has only its own", async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    const fired: number[] = []
    timers.runStarts(1)
    worker.setTimeout(() => fired.push(1), 100)
    timers.runEnded()
    timers.runStarts(2)
    await vi.advanceTimersByTimeAsync(200)
    expect(fired).toEqual([])
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(0)
    expect(fired).toEqual([1])
  })

  test('an interval that falls due many times during a run fires once after it, then keeps its period', async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    let ticks = 0
    const handle = worker.setInterval(() => ticks++, 100)
    timers.runStarts(1)
    await vi.advanceTimersByTimeAsync(1_000)
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(0)
    expect(ticks).toBe(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(ticks).toBe(2)
    worker.clearInterval(handle)
  })

  test('a held timer cleared before the run ends never fires, with either clear function', async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    let fired = 0
    const once = worker.setTimeout(() => fired++, 10)
    const every = worker.setInterval(() => fired++, 10)
    timers.runStarts(1)
    await vi.advanceTimersByTimeAsync(100)
    worker.clearInterval(once)
    worker.clearTimeout(every)
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(100)
    expect(fired).toBe(0)
  })

  test('a held timer whose release comes after the next run is taken up waits for that run too', async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    let fired = 0
    worker.setTimeout(() => fired++, 10)
    timers.runStarts(1)
    await vi.advanceTimersByTimeAsync(100)
    timers.runEnded()
    timers.runStarts(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(fired).toBe(0)
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(0)
    expect(fired).toBe(1)
  })

  test('what a held timer schedules when it fires between runs belongs to no run, so the next run holds it too', async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    let ticks = 0
    const tick = () => {
      ticks++
      worker.setTimeout(tick, 10)
    }
    worker.setTimeout(tick, 10)
    timers.runStarts(1)
    await vi.advanceTimersByTimeAsync(100)
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(0)
    expect(ticks).toBe(1)
    timers.runStarts(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(ticks).toBe(1)
    timers.runEnded()
  })

  test('once a run waits, no timer fires before that run has ended, not even one set meanwhile', async () => {
    const worker = scope()
    const timers = holdLeftoverTimers(worker)
    const fired: string[] = []
    worker.setInterval(() => fired.push('first'), 10)
    worker.setInterval(() => fired.push('second'), 10)
    timers.runWaits()
    worker.setTimeout(() => fired.push('meanwhile'), 10)
    await vi.advanceTimersByTimeAsync(100)
    expect(fired).toEqual([])
    timers.runStarts(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(fired).toEqual([])
    timers.runEnded()
    await vi.advanceTimersByTimeAsync(0)
    expect(fired).toEqual(['first', 'second', 'meanwhile'])
  })

  test('code given as a string is passed on untouched', () => {
    const start = vi.fn(() => 7)
    const worker = { ...scope(), setTimeout: start as unknown as TimerScope['setTimeout'] }
    holdLeftoverTimers(worker)
    expect(worker.setTimeout('1 + 1' as unknown as () => void, 5)).toBe(7)
    expect(start).toHaveBeenCalledWith('1 + 1', 5)
  })
})
