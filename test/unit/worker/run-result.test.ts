import { describe, expect, test } from 'vitest'
import { toRunResult, truncationNote } from '../../../worker/run-result.ts'

const printed = (stdout: string, extra: Partial<{ truncated: boolean; droppedBytes: number }> = {}) => ({
  stdout,
  stderr: '',
  truncated: false,
  droppedBytes: 0,
  ...extra,
})

describe('toRunResult', () => {
  test('a successful run reports what it printed and the last value for consoles', () => {
    const result = toRunResult({ ok: true, display: '42' }, printed('hi\n'), 5)
    expect(result).toMatchObject({ outcome: 'OUTCOME_OK', output: 'hi\n', displayValue: '42', images: [], truncated: false })
  })

  test('a failed run puts the traceback after the output, on a line of its own', () => {
    const result = toRunResult(
      { ok: false, type: 'ValueError', message: 'bad', traceback: 'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: bad\n' },
      printed('partial'),
      5,
    )
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.output).toBe('partial\nTraceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: bad\n')
    expect(result.error).toEqual({ type: 'ValueError', message: 'bad', traceback: expect.stringContaining('ValueError: bad') })
  })

  test('truncated output ends with a note saying how much was dropped', () => {
    const result = toRunResult({ ok: true }, printed('x'.repeat(10), { truncated: true, droppedBytes: 1_234_567 }), 5)
    expect(result.truncated).toBe(true)
    expect(result.output).toBe(`${'x'.repeat(10)}${truncationNote(1_234_567)}`)
    expect(result.output).toContain('1,234,567 more bytes')
  })
})
