import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { startWatchdog } from '../../../src/sandbox/watchdog.ts'

describe('startWatchdog', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const killedYet = async (kill: Promise<void>) => {
    let killed = false
    void kill.then(() => (killed = true))
    await vi.advanceTimersByTimeAsync(0)
    return killed
  }

  test('interrupts at the deadline and signals again until the grace period ends, then kills', async () => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs: 1000, graceMs: 500, interrupt, resignalMs: 100 })
    await vi.advanceTimersByTimeAsync(999)
    expect(interrupt).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(watchdog.reason).toBe('deadline')
    expect(interrupt).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(450)
    expect(interrupt).toHaveBeenCalledTimes(5)
    expect(await killedYet(watchdog.kill)).toBe(false)
    await vi.advanceTimersByTimeAsync(50)
    expect(await killedYet(watchdog.kill)).toBe(true)
  })

  test('the grace period is counted in ticks: a thread too busy to run timers on time gives the worker longer', async () => {
    vi.useRealTimers()
    const watchdog = startWatchdog({ timeoutMs: 10, graceMs: 300, interrupt: () => true })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(watchdog.reason).toBe('deadline')
    // Busy for longer than the whole grace period: a plain 300 ms timer would be due the moment this ends.
    const busyUntil = Date.now() + 400
    while (Date.now() < busyUntil);
    let killed = false
    void watchdog.kill.then(() => (killed = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(killed).toBe(false)
    await watchdog.kill
  })

  test('kills at once at the deadline when the host cannot interrupt', async () => {
    const watchdog = startWatchdog({ timeoutMs: 1000, graceMs: 500, interrupt: () => false })
    await vi.advanceTimersByTimeAsync(1000)
    expect(await killedYet(watchdog.kill)).toBe(true)
  })

  test('a run that ends in time is never interrupted', async () => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs: 1000, graceMs: 500, interrupt })
    watchdog.cancel()
    await vi.advanceTimersByTimeAsync(5000)
    expect(interrupt).not.toHaveBeenCalled()
    expect(watchdog.reason).toBeUndefined()
  })

  test('a stop before the deadline is remembered as a stop, and the deadline no longer counts', async () => {
    const watchdog = startWatchdog({ timeoutMs: 1000, graceMs: 200, interrupt: () => true })
    watchdog.stop('stopped')
    await vi.advanceTimersByTimeAsync(1500)
    expect(watchdog.reason).toBe('stopped')
    expect(await killedYet(watchdog.kill)).toBe(true)
  })

  test('the run ending during the grace period cancels the kill', async () => {
    const watchdog = startWatchdog({ timeoutMs: 100, graceMs: 200, interrupt: () => true })
    await vi.advanceTimersByTimeAsync(150)
    watchdog.cancel()
    await vi.advanceTimersByTimeAsync(1000)
    expect(await killedYet(watchdog.kill)).toBe(false)
  })

  test("loading packages has its own limit, and the code's deadline starts afresh when the code does", async () => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs: 1000, loadTimeoutMs: 5000, graceMs: 100, interrupt })
    await vi.advanceTimersByTimeAsync(500) // reading the imports counts
    watchdog.loadingPackages()
    await vi.advanceTimersByTimeAsync(4000) // a slow first download: longer than the code's deadline
    expect(watchdog.reason).toBeUndefined()
    watchdog.codeStarted()
    await vi.advanceTimersByTimeAsync(999)
    expect(watchdog.reason).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(watchdog.reason).toBe('deadline')
    expect(interrupt).toHaveBeenCalled()
  })

  test('packages that take too long to load end the run at once, with no interrupt', async () => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs: 1000, loadTimeoutMs: 5000, graceMs: 100, interrupt })
    watchdog.loadingPackages()
    await vi.advanceTimersByTimeAsync(5000)
    expect(watchdog.reason).toBe('load-timeout')
    expect(interrupt).not.toHaveBeenCalled()
    expect(await killedYet(watchdog.kill)).toBe(true)
  })

  test('a run that has ended cannot be restarted by a late code-started signal or stopped again', async () => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs: 1000, loadTimeoutMs: 5000, graceMs: 500, interrupt })
    watchdog.cancel()
    watchdog.codeStarted() // the 'executing' event overtaken by the run's result
    watchdog.stop('stopped')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(interrupt).not.toHaveBeenCalled()
    expect(await killedYet(watchdog.kill)).toBe(false)
  })

  test('without packages to load, the time before the code starts counts toward the deadline', async () => {
    const watchdog = startWatchdog({ timeoutMs: 1000, loadTimeoutMs: 5000, graceMs: 100, interrupt: () => true })
    await vi.advanceTimersByTimeAsync(600)
    watchdog.codeStarted()
    await vi.advanceTimersByTimeAsync(400)
    expect(watchdog.reason).toBe('deadline')
  })

  test('a worker that does not take the run up in time is killed at once, with no interrupt', async () => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs: 1000, loadTimeoutMs: 5000, acceptTimeoutMs: 300, graceMs: 100, interrupt })
    await vi.advanceTimersByTimeAsync(300)
    expect(watchdog.reason).toBe('unresponsive')
    expect(interrupt).not.toHaveBeenCalled()
    expect(await killedYet(watchdog.kill)).toBe(true)
  })

  test('once the worker takes the run up, the deadline counts from then', async () => {
    const watchdog = startWatchdog({ timeoutMs: 1000, acceptTimeoutMs: 300, graceMs: 100, interrupt: () => true })
    await vi.advanceTimersByTimeAsync(250)
    watchdog.accepted()
    await vi.advanceTimersByTimeAsync(999)
    expect(watchdog.reason).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(watchdog.reason).toBe('deadline')
  })

  test('tells whether the code had started when the run was stopped', async () => {
    const before = startWatchdog({ timeoutMs: 1000, acceptTimeoutMs: 300, graceMs: 100, interrupt: () => true })
    before.accepted()
    await vi.advanceTimersByTimeAsync(1000)
    expect(before.reason).toBe('deadline')
    expect(before.executing).toBe(false)
    // The run's code starting after the stop does not make it one that ran.
    before.codeStarted()
    expect(before.executing).toBe(false)

    const during = startWatchdog({ timeoutMs: 1000, acceptTimeoutMs: 300, graceMs: 100, interrupt: () => true })
    during.accepted()
    during.codeStarted()
    await vi.advanceTimersByTimeAsync(1000)
    expect(during.reason).toBe('deadline')
    expect(during.executing).toBe(true)
  })
})

describe('a library loaded while the code runs', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const running = (timeoutMs: number, loadTimeoutMs: number) => {
    const interrupt = vi.fn(() => true)
    const watchdog = startWatchdog({ timeoutMs, loadTimeoutMs, graceMs: 500, interrupt })
    watchdog.codeStarted()
    return { watchdog, interrupt }
  }

  test('pauses the deadline while it loads, and the code gets the time it had left', async () => {
    const { watchdog, interrupt } = running(1000, 5000)
    await vi.advanceTimersByTimeAsync(600)
    watchdog.importing(true)
    await vi.advanceTimersByTimeAsync(3000)
    expect(interrupt).not.toHaveBeenCalled()
    watchdog.importing(false)
    await vi.advanceTimersByTimeAsync(399)
    expect(watchdog.reason).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(watchdog.reason).toBe('deadline')
  })

  test('a load that takes longer than the loading limit ends the run by terminating the worker', async () => {
    const { watchdog, interrupt } = running(1000, 2000)
    watchdog.importing(true)
    await vi.advanceTimersByTimeAsync(2000)
    expect(watchdog.reason).toBe('load-timeout')
    expect(interrupt).not.toHaveBeenCalled()
    let killed = false
    void watchdog.kill.then(() => (killed = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(killed).toBe(true)
  })

  test('the pauses of one run share one loading limit', async () => {
    const { watchdog } = running(1000, 2000)
    for (let i = 0; i < 3; i++) {
      watchdog.importing(true)
      await vi.advanceTimersByTimeAsync(900)
      watchdog.importing(false)
    }
    // 2700 ms of pauses asked for, 2000 allowed: the third pause ran out of it.
    expect(watchdog.reason).toBe('load-timeout')
  })

  test('an end of loading without a start changes nothing', async () => {
    const { watchdog } = running(1000, 5000)
    watchdog.importing(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(watchdog.reason).toBe('deadline')
  })
})
