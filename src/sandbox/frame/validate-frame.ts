/**
 * Checks what the sandbox frame says on its control port. The frame is our
 * own code and out of Python's reach, but the main thread takes nothing on
 * faith from across the boundary.
 */
import { isPlainObject as isPlain, type Plain } from '../validate.ts'
import type { FrameChecks, FrameToHost } from './frame-protocol.ts'

function hasExactly(value: Plain, keys: readonly string[]): boolean {
  const own = Object.keys(value)
  return own.length === keys.length && own.every((key) => keys.includes(key))
}

function isChecks(value: unknown): value is FrameChecks {
  const keys = ['opaqueOrigin', 'evalBlocked', 'connectNarrowed'] as const
  return isPlain(value) && hasExactly(value, keys) && keys.every((key) => typeof value[key] === 'boolean')
}

export function isFrameMessage(data: unknown): data is FrameToHost {
  if (!isPlain(data)) return false
  if (data.type === 'died') return hasExactly(data, ['type', 'reason']) && typeof data.reason === 'string' && data.reason.length <= 1000
  if (data.type === 'started') {
    return hasExactly(data, ['type', 'crossOriginIsolated', 'checks']) && typeof data.crossOriginIsolated === 'boolean' && isChecks(data.checks)
  }
  return false
}
