import { describe, expect, test } from 'vitest'
import type { RunResult } from '../../../src/protocol.ts'
import { crashResult, deadlineMessage, STATE_LOST_NOTE, stoppedResult, takenOverResult } from '../../../src/sandbox/results.ts'

const printed = { stdout: 'step 1\nstep 2\n', stderr: '', truncated: false }

describe('results the client writes itself', () => {
  test('a killed run at its deadline keeps the output so far and says the limit and that state is lost', () => {
    const result = stoppedResult({ reason: 'deadline', timeoutMs: 30_000, durationMs: 31_000, printed })
    expect(result.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect(result.output).toBe(`step 1\nstep 2\n${deadlineMessage(30_000)} ${STATE_LOST_NOTE}\n`)
    expect(deadlineMessage(30_000)).toBe('Execution exceeded the time limit of 30 seconds and was stopped.')
    expect(result.stateLost).toBe(true)
    expect(result.error?.type).toBe('TimeoutError')
  })

  test('an interrupted run at its deadline keeps what the worker returned and its state', () => {
    const returned: RunResult = {
      outcome: 'OUTCOME_FAILED',
      output: 'tick\nTraceback ...KeyboardInterrupt\n',
      stdout: 'tick\n',
      stderr: '',
      error: { type: 'KeyboardInterrupt', message: '', traceback: 'Traceback ...KeyboardInterrupt\n' },
      images: [],
      files: [],
      durationMs: 500,
      truncated: false,
    }
    const result = stoppedResult({ reason: 'deadline', timeoutMs: 500, durationMs: 510, returned, printed })
    expect(result.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect(result.output).toBe('tick\nExecution exceeded the time limit of 0.5 seconds and was stopped.\n')
    expect(result.error?.traceback).toBe(returned.error?.traceback)
    expect(result.stateLost).toBeUndefined()
  })

  test('a user stop that the interrupt ended is reported as the KeyboardInterrupt it raised', () => {
    const returned: RunResult = { outcome: 'OUTCOME_FAILED', output: 'x', stdout: '', stderr: '', images: [], files: [], durationMs: 1, truncated: false }
    expect(stoppedResult({ reason: 'stopped', timeoutMs: 1000, durationMs: 2, returned, printed })).toBe(returned)
  })

  test('a crash is a failed run that names the cause and says state is lost', () => {
    const result = crashResult({ cause: 'the worker stopped unexpectedly', durationMs: 3, printed })
    expect(result).toMatchObject({ outcome: 'OUTCOME_FAILED', stateLost: true, stdout: printed.stdout })
    expect(result.output).toBe(`step 1\nstep 2\nThe Python runtime stopped unexpectedly: the worker stopped unexpectedly. ${STATE_LOST_NOTE}\n`)
  })

  test('packages that took too long to load fail the run with a message that names the fix', () => {
    const result = stoppedResult({ reason: 'load-timeout', timeoutMs: 120_000, durationMs: 120_500, printed: { stdout: '', stderr: '', truncated: false } })
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('ImportError')
    expect(result.output).toBe(
      'Loading the packages this code imports took longer than 120 seconds, so the code did not run. Try again, or vendor the packages (npm run vendor) so they load locally. ' +
        `${STATE_LOST_NOTE}\n`,
    )
  })

  test('a run that went to a fresh interpreter says why at the end of its output, and that the state is gone', () => {
    const ran: RunResult = { outcome: 'OUTCOME_OK', output: 'next', stdout: 'next', stderr: '', images: [], files: [], durationMs: 3, truncated: false }
    const result = takenOverResult(ran, 5_000)
    expect(result.output).toBe(
      'next\n\n[Python was kept busy by code an earlier run left running (a JavaScript timer, promise chain, asyncio task or event listener) ' +
        `that could not be stopped within 5 seconds, so this run went to a fresh interpreter. ${STATE_LOST_NOTE}]\n`,
    )
    expect(result.stdout).toBe('next')
    expect(result.stateLost).toBe(true)
    expect(result.outcome).toBe('OUTCOME_OK')
  })
})
