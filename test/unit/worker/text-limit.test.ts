import { describe, expect, test } from 'vitest'
import { keepEnds, keepStart } from '../../../worker/text-limit.ts'

const bytes = (text: string) => new TextEncoder().encode(text).length

describe('text limits', () => {
  test('text within the limit is returned as it is', () => {
    expect(keepStart('short', 10, 'message')).toBe('short')
    expect(keepEnds('héllo wörld', 13, 'traceback')).toBe('héllo wörld')
  })

  test('keepStart keeps the first bytes and says how many more there were', () => {
    const cut = keepStart('x'.repeat(10_000_000), 100, 'error message')
    expect(cut).toBe(`${'x'.repeat(100)}\n[error message cut: 9,999,900 more bytes than the output limit of 100 bytes keeps]\n`)
  })

  test('keepEnds keeps the start and the end, with the note in the middle', () => {
    const text = `Traceback (most recent call last):\n${'y'.repeat(5_000)}\nValueError: the end\n`
    const cut = keepEnds(text, 200, 'traceback')
    expect(cut.startsWith('Traceback (most recent call last):\n')).toBe(true)
    expect(cut.endsWith('ValueError: the end\n')).toBe(true)
    expect(cut).toContain('[traceback cut: ')
    expect(bytes(cut.replace(/\n\[traceback cut: [^\]]*\]\n/, ''))).toBe(200)
  })

  test('never splits a character: multi-byte text is cut on character boundaries', () => {
    const cut = keepEnds('€'.repeat(1_000), 100, 'traceback')
    expect(cut).not.toContain('\uFFFD')
    expect(keepStart('😀'.repeat(100), 7, 'message')).toBe('😀\n[message cut: 396 more bytes than the output limit of 7 bytes keeps]\n')
  })

  test('a limit of zero keeps only the note', () => {
    expect(keepStart('abc', 0, 'message')).toBe('\n[message cut: 3 more bytes than the output limit of 0 bytes keeps]\n')
  })
})
