import { describe, expect, test } from 'vitest'
import { isMemorySnapshot, isRunResult, isRuntimeEvent, isRuntimeInfo } from '../../../src/sandbox/validate.ts'

const result = { outcome: 'OUTCOME_OK', output: '', stdout: '', stderr: '', images: [], files: [], durationMs: 1, truncated: false }

describe('messages from the worker', () => {
  test('accepts the protocol shapes', () => {
    expect(isRuntimeEvent({ type: 'output', runId: 3, stream: 'stdout', text: 'hi' })).toBe(true)
    expect(isRuntimeEvent({ type: 'load', stage: 'ready' })).toBe(true)
    expect(isRunResult(result)).toBe(true)
    expect(isRunResult({ ...result, images: [{ mimeType: 'image/png', data: 'AAAA' }], displayValue: '1' })).toBe(true)
  })

  test.each([
    ['an unknown event type', { type: 'state', value: 'ready' }],
    ['output with an unknown stream', { type: 'output', runId: 1, stream: 'stdin', text: '' }],
    ['output without a run id', { type: 'output', stream: 'stdout', text: '' }],
    ['an event with extra fields', { type: 'load', stage: 'ready', then: 'x' }],
    ['a comlink message', { id: 'x', type: 'APPLY', path: ['constructor'], argumentList: [] }],
    ['a non-object', 'output'],
  ])('rejects %s', (_what, data) => {
    expect(isRuntimeEvent(data)).toBe(false)
  })

  test.each([
    ['an unknown outcome', { ...result, outcome: 'OK' }],
    ['an image that is not a string', { ...result, images: [{ mimeType: 'image/png', data: 1 }] }],
    ['an error without a traceback', { ...result, error: { type: 'X', message: '' } }],
    ['extra fields', { ...result, run: 'again' }],
    ['a class instance', Object.assign(new (class Result {})(), result)],
  ])('rejects a run result with %s', (_what, data) => {
    expect(isRunResult(data)).toBe(false)
  })

  test('checks the libraries a runtime reports offering: name and version strings only', () => {
    const info = { pythonVersion: '3.12.7', pyodideVersion: '0.27.7', interruptible: true, packageMirror: true, libraries: [{ name: 'numpy', version: '2.0.2' }] }
    expect(isRuntimeInfo(info)).toBe(true)
    expect(isRuntimeInfo({ ...info, libraries: undefined })).toBe(false)
    expect(isRuntimeInfo({ ...info, libraries: [{ name: 'numpy', version: 2 }] })).toBe(false)
    expect(isRuntimeInfo({ ...info, libraries: [{ name: 'numpy', version: '2', url: 'https://x' }] })).toBe(false)
  })

  test('a runtime may say it started from a snapshot, with a boolean only', () => {
    const info = { pythonVersion: '3.14.0', pyodideVersion: '314.0.7', interruptible: true, packageMirror: true, libraries: [] }
    expect(isRuntimeInfo({ ...info, fromSnapshot: true })).toBe(true)
    expect(isRuntimeInfo({ ...info, fromSnapshot: 'yes' })).toBe(false)
  })

  test('a memory snapshot is whole 32-bit words of bytes, tagged with a release and a 128-bit lock digest', () => {
    const snapshot = { bytes: new Uint8Array(64), pyodideVersion: '314.0.7', lockHash: '0123456789abcdef0123456789abcdef' }
    expect(isMemorySnapshot(snapshot)).toBe(true)
    expect(isMemorySnapshot({ ...snapshot, bytes: new Uint8Array(0) })).toBe(false)
    expect(isMemorySnapshot({ ...snapshot, bytes: new Uint8Array(63) })).toBe(false)
    expect(isMemorySnapshot({ ...snapshot, bytes: [1, 2, 3, 4] })).toBe(false)
    expect(isMemorySnapshot({ ...snapshot, lockHash: 'not hex' })).toBe(false)
    expect(isMemorySnapshot({ ...snapshot, pyodideVersion: undefined })).toBe(false)
    expect(isMemorySnapshot({ ...snapshot, extra: 1 })).toBe(false)
  })
})
