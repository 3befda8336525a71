import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { stopLeftoversWhileWaiting } from '../../../src/sandbox/leftover-stopper.ts'

describe('stopLeftoversWhileWaiting', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  test('does not ask while an idle worker would still be taking the run up', async () => {
    const stop = vi.fn(() => true)
    const done = stopLeftoversWhileWaiting({ stop, firstAfterMs: 25, everyMs: 50 })
    await vi.advanceTimersByTimeAsync(24)
    done()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(stop).not.toHaveBeenCalled()
  })

  test('asks, then asks again until told to stop asking', async () => {
    const stop = vi.fn(() => true)
    const done = stopLeftoversWhileWaiting({ stop, firstAfterMs: 25, everyMs: 50 })
    await vi.advanceTimersByTimeAsync(25)
    expect(stop).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(stop).toHaveBeenCalledTimes(3)
    done()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(stop).toHaveBeenCalledTimes(3)
  })

  test('asks only once of a host that cannot interrupt', async () => {
    const stop = vi.fn(() => false)
    stopLeftoversWhileWaiting({ stop })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(stop).toHaveBeenCalledTimes(1)
  })
})
