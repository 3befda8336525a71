import { describe, expect, test } from 'vitest'
import { LeftBehindNotes, MAX_LEFT_BEHIND_NOTES, STOPPED_NOTE, leftBehindErrorNote, strayOutputNote } from '../../../worker/left-behind-notes.ts'

const INTERRUPTED = 'Traceback (most recent call last):\n  File "main.py", line 4, in spin\nKeyboardInterrupt\n'

describe('what the next run is told of what earlier runs left behind', () => {
  test('the stop the page asked for is told plainly, without its traceback', () => {
    expect(leftBehindErrorNote(INTERRUPTED)).toBe(STOPPED_NOTE)
  })

  test('any other error is told with its text', () => {
    expect(leftBehindErrorNote('ValueError: late')).toBe('A callback left behind by an earlier run raised: ValueError: late')
  })

  test('output printed between runs is counted, not kept', () => {
    const notes = new LeftBehindNotes()
    expect(notes.output(new TextEncoder().encode('printed late\n'))).toBe(13)
    expect(notes.output(new Uint8Array(1_000))).toBe(1_000)
    expect(notes.take()).toEqual([strayOutputNote(1_013)])
    expect(strayOutputNote(1_013)).toMatch(/^Code an earlier run left running printed 1,013 bytes between runs; output printed while no run is in progress is dropped\./)
    expect(notes.take()).toEqual([])
  })

  test('a leftover that raises again and again yields a few notes, each once', () => {
    const notes = new LeftBehindNotes()
    for (let i = 0; i < 100; i++) notes.error(INTERRUPTED)
    for (let i = 0; i < 100; i++) notes.error(`ValueError: ${i}`)
    const taken = notes.take()
    expect(taken).toHaveLength(MAX_LEFT_BEHIND_NOTES)
    expect(taken[0]).toBe(STOPPED_NOTE)
    expect(notes.take()).toEqual([])
  })
})
