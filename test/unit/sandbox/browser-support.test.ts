import { describe, expect, test } from 'vitest'
import { detectSupport, unsupportedReason, type Scope } from '../../../src/sandbox/browser-support.ts'

/** A scope with everything the sandbox needs, as the browsers we test offer it. */
function fullScope(overrides: Scope = {}): Scope {
  return {
    WebAssembly: { instantiate() {}, Exception: function Exception() {} },
    BigInt64Array,
    Worker: function Worker() {},
    MessageChannel,
    ReadableStream,
    Blob,
    URL: { createObjectURL() {} },
    crossOriginIsolated: true,
    SharedArrayBuffer,
    Atomics,
    ...overrides,
  }
}

describe('what the browser offers the sandbox', () => {
  test('a browser with everything can start and interrupt', () => {
    const support = detectSupport(fullScope())
    expect(support).toEqual({ missing: [], interrupts: true })
    expect(unsupportedReason(support)).toBeUndefined()
  })

  test('an isolated page without SharedArrayBuffer (as in some WebKit builds) starts, without interrupts', () => {
    const support = detectSupport(fullScope({ SharedArrayBuffer: undefined }))
    expect(support).toEqual({ missing: [], interrupts: false })
  })

  test('a page that is not cross-origin isolated has no interrupts, even with SharedArrayBuffer defined', () => {
    expect(detectSupport(fullScope({ crossOriginIsolated: false })).interrupts).toBe(false)
  })

  test('an old browser is told what it lacks, each missing feature by name', () => {
    const support = detectSupport(fullScope({ WebAssembly: { instantiate() {} }, Worker: undefined }))
    expect(support.missing).toEqual(['WebAssembly exception handling (WebAssembly.Exception)', 'Web Workers'])
    expect(unsupportedReason(support)).toBe('this browser lacks WebAssembly exception handling (WebAssembly.Exception), Web Workers')
  })

  test('no WebAssembly at all names WebAssembly and what depends on it, and never throws', () => {
    const support = detectSupport(fullScope({ WebAssembly: undefined }))
    expect(support.missing).toEqual(['WebAssembly', 'WebAssembly exception handling (WebAssembly.Exception)'])
  })
})
