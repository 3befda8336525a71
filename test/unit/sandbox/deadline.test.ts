import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { RunRequest } from '../../../src/protocol.ts'
import { CodeRun } from '../../../src/sandbox/deadline.ts'
import type { WorkerHost } from '../../../src/sandbox/worker-host.ts'

/** A worker that takes the run up and then never answers: held by something other than the run's code. */
function stuckHost() {
  const terminate = vi.fn()
  const host = {
    runtime: { run: (_request: RunRequest) => new Promise(() => {}) },
    died: new Promise<string>(() => {}),
    interrupt: () => true,
    clearInterrupt() {},
    stopLeftovers: () => true,
    terminate,
  } as unknown as WorkerHost
  return { host, terminate }
}

function codeRun(host: WorkerHost) {
  return new CodeRun({
    host,
    runId: 1,
    code: 'print(1)',
    timeoutMs: 1_000,
    loadTimeoutMs: 10_000,
    acceptTimeoutMs: 5_000,
    graceMs: 500,
    outputLimitBytes: 1_000,
    signal: undefined,
    disposal: new Promise(() => {}),
    onOutput() {},
    onPackage() {},
  })
}

describe('a run killed at its deadline', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  test('before its code started did not run: it may run elsewhere', async () => {
    const { host, terminate } = stuckHost()
    const run = codeRun(host)
    const ended = run.end()
    run.receive({ type: 'accepted', runId: 1 })
    await vi.advanceTimersByTimeAsync(3_000)
    const { notTaken, workerLost } = await ended
    expect(terminate).toHaveBeenCalled()
    expect(workerLost).toBe(true)
    expect(notTaken).toEqual({ afterMs: 1_000 })
  })

  test('once its code started is a deadline', async () => {
    const { host } = stuckHost()
    const run = codeRun(host)
    const ended = run.end()
    run.receive({ type: 'accepted', runId: 1 })
    run.receive({ type: 'executing', runId: 1 })
    await vi.advanceTimersByTimeAsync(3_000)
    const { result, notTaken } = await ended
    expect(notTaken).toBeUndefined()
    expect(result.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
  })
})
