import { describe, expect, test } from 'vitest'
import { errorMessage } from '../../src/error-message.ts'

describe('the text of anything thrown', () => {
  test('an Error gives its message', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input')
  })

  test('an object that crossed the worker boundary gives its message, never "[object Object]"', () => {
    expect(errorMessage({ name: 'ErrnoError', message: 'No such file or directory', errno: 44 })).toBe('No such file or directory')
    expect(errorMessage({ errno: 44 })).toBe('{"errno":44}')
  })

  test('a value with no message that JSON cannot show is named, and plain values are their own text', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(errorMessage(cyclic)).toBe('a thrown Object with no message')
    expect(errorMessage(Object.create(null))).toBe('a thrown Object with no message')
    expect(errorMessage('plain')).toBe('plain')
    expect(errorMessage(undefined)).toBe('undefined')
  })
})
