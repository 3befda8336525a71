import { describe, expect, test } from 'vitest'
import { asError, errnoNames, errorText } from '../../../worker/error-text.ts'

describe('errorText', () => {
  const errnos = errnoNames({ ENOENT: 44, ELOOP: 32 })

  test('an Error gives its message', () => {
    expect(errorText(new RangeError('Maximum call stack size exceeded'))).toBe('Maximum call stack size exceeded')
  })

  test("an Emscripten file-system error (a plain object with errno) is named, not '[object Object]'", () => {
    expect(errorText({ name: 'ErrnoError', errno: 32 }, errnos)).toBe('file-system error ELOOP 32')
    expect(errorText({ errno: 7 }, errnos)).toBe('file-system error errno 7')
  })

  test('strings, plain objects, cycles and primitives all become readable text', () => {
    expect(errorText('boom')).toBe('boom')
    expect(errorText({ code: 1 })).toBe('a thrown value: {"code":1}')
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(errorText(cycle)).toBe('a thrown Object object')
    expect(errorText(undefined)).toBe('a thrown undefined: undefined')
    expect(errorText(42n)).toBe('a thrown bigint: 42')
    for (const value of [{}, [], new Map(), Object.create(null), { toString: () => '[object Object]' }]) {
      expect(errorText(value)).not.toContain('[object Object]')
    }
  })

  test('a huge message is clipped', () => {
    expect(errorText('x'.repeat(10_000)).length).toBeLessThan(2_100)
  })

  test('asError keeps real errors and wraps everything else', () => {
    const error = new Error('kept')
    expect(asError(error)).toBe(error)
    expect(asError({ errno: 44 }, errnos).message).toBe('file-system error ENOENT 44')
  })
})
