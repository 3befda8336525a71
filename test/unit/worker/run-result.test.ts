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

describe('the output limit covers the error too', () => {
  test('a 10 MB exception message comes back cut, in the message and in the traceback, each with a note', () => {
    const message = 'x'.repeat(10_000_000)
    const traceback = `Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: ${message}\n`
    const result = toRunResult({ ok: false, type: 'ValueError', message, traceback }, printed(''), 5, undefined, 1_000)
    expect(result.error?.message).toMatch(/^x{1000}\n\[error message cut: 9,999,000 more bytes than the output limit of 1,000 bytes keeps\]\n$/)
    expect(result.error?.traceback.startsWith('Traceback (most recent call last):\n  File "main.py", line 1, in <module>\nValueError: xxx')).toBe(true)
    expect(result.error?.traceback).toMatch(/\n\[traceback cut: [\d,]+ more bytes than the output limit of 1,000 bytes keeps\]\nx+\n$/)
    expect(result.output.length).toBeLessThan(1_200)
  })

  test('notes from the sandbox follow what the code printed, before the traceback', () => {
    const result = toRunResult({ ok: true }, printed('hi\n'), 5, {
      images: [],
      droppedImages: 0,
      imageLimits: { maxImages: 0, maxImageBytes: 0 },
      files: [],
      omitted: [],
      notes: ['The working directory /home/pyodide was deleted; it has been created again, empty, for the next run'],
    })
    expect(result.output).toBe('hi\n\n[The working directory /home/pyodide was deleted; it has been created again, empty, for the next run]\n')
  })
})
