import { describe, expect, test } from 'vitest'
import { OutputCapture } from '../../../worker/output-capture.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('OutputCapture', () => {
  test('keeps stdout and stderr apart and streams each piece as it comes', () => {
    const streamed: string[] = []
    const capture = new OutputCapture(1024, (stream, text) => streamed.push(`${stream}:${text}`))
    capture.write('stdout', bytes('a\n'))
    capture.write('stderr', bytes('warning\n'))
    capture.write('stdout', bytes('b\n'))
    expect(capture.finish()).toEqual({ stdout: 'a\nb\n', stderr: 'warning\n', truncated: false, droppedBytes: 0 })
    expect(streamed).toEqual(['stdout:a\n', 'stderr:warning\n', 'stdout:b\n'])
  })

  test('cuts at the byte limit shared by both streams and counts what it dropped', () => {
    const capture = new OutputCapture(10)
    expect(capture.write('stdout', bytes('123456'))).toBe(6)
    expect(capture.write('stderr', bytes('abcdefgh'))).toBe(8)
    capture.write('stdout', bytes('more'))
    expect(capture.finish()).toEqual({ stdout: '123456', stderr: 'abcd', truncated: true, droppedBytes: 8 })
  })

  test('stops streaming once the limit is reached', () => {
    const streamed: string[] = []
    const capture = new OutputCapture(4, (_stream, text) => streamed.push(text))
    for (let i = 0; i < 1000; i++) capture.write('stdout', bytes('xx\n'))
    expect(streamed.join('')).toBe('xx\nx')
  })

  test('decodes a multi-byte character split across writes', () => {
    const capture = new OutputCapture(100)
    const snowman = bytes('☃')
    capture.write('stdout', snowman.subarray(0, 1))
    capture.write('stdout', snowman.subarray(1))
    expect(capture.finish().stdout).toBe('☃')
  })
})
