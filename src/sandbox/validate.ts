/**
 * Checks what the worker sends before the main thread acts on it.
 *
 * The code in the worker is untrusted and can post messages of its own, so
 * nothing it sends is taken on faith: events and results must have exactly
 * the shapes of `src/protocol.ts`, with plain values only.
 */
import type { MemorySnapshot, PreloadOutcome, RunResult, RuntimeEvent, RuntimeInfo } from '../protocol.ts'

const OUTCOMES = new Set(['OUTCOME_OK', 'OUTCOME_FAILED', 'OUTCOME_DEADLINE_EXCEEDED'])
const STAGES = new Set(['loading-pyodide', 'setting-up', 'ready'])
const STREAMS = new Set(['stdout', 'stderr'])

export type Plain = Record<string, unknown>

/** A plain data object: what structured clone makes of an object literal, and nothing with a class behind it. */
export function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function hasOnly(value: Plain, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key))
}

const isString = (value: unknown): value is string => typeof value === 'string'

export function isRuntimeEvent(data: unknown): data is RuntimeEvent {
  if (!isPlainObject(data)) return false
  if (data.type === 'load') return hasOnly(data, ['type', 'stage']) && STAGES.has(data.stage as string)
  if (data.type === 'output') {
    return (
      hasOnly(data, ['type', 'runId', 'stream', 'text']) &&
      Number.isSafeInteger(data.runId) &&
      STREAMS.has(data.stream as string) &&
      isString(data.text)
    )
  }
  if (data.type === 'package') return isPackageEvent(data)
  if (data.type === 'importing') return hasOnly(data, ['type', 'runId', 'active']) && Number.isSafeInteger(data.runId) && typeof data.active === 'boolean'
  if (data.type === 'accepted' || data.type === 'executing' || data.type === 'finished') return hasOnly(data, ['type', 'runId']) && Number.isSafeInteger(data.runId)
  return false
}

const PACKAGE_STATES = new Set(['loading', 'loaded', 'failed'])
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0

function isPackageEvent(data: Plain): boolean {
  return (
    hasOnly(data, ['type', 'runId', 'preload', 'name', 'state', 'index', 'total', 'loadedBytes', 'totalBytes']) &&
    (data.preload === undefined || data.preload === true) &&
    Number.isSafeInteger(data.runId) &&
    isString(data.name) &&
    PACKAGE_STATES.has(data.state as string) &&
    isCount(data.index) &&
    isCount(data.total) &&
    (data.loadedBytes === undefined || isCount(data.loadedBytes)) &&
    (data.totalBytes === undefined || isCount(data.totalBytes))
  )
}

export function isRunResult(data: unknown): data is RunResult {
  if (!isPlainObject(data)) return false
  const keys = ['outcome', 'output', 'stdout', 'stderr', 'error', 'images', 'files', 'omittedFiles', 'durationMs', 'truncated', 'displayValue', 'stateLost']
  return (
    hasOnly(data, keys) &&
    OUTCOMES.has(data.outcome as string) &&
    isString(data.output) &&
    isString(data.stdout) &&
    isString(data.stderr) &&
    (data.error === undefined || isRunError(data.error)) &&
    Array.isArray(data.images) &&
    data.images.every(isRunImage) &&
    Array.isArray(data.files) &&
    data.files.every(isOutputFile) &&
    (data.omittedFiles === undefined || (Array.isArray(data.omittedFiles) && data.omittedFiles.every(isFileInfo))) &&
    typeof data.durationMs === 'number' &&
    typeof data.truncated === 'boolean' &&
    (data.displayValue === undefined || isString(data.displayValue)) &&
    (data.stateLost === undefined || typeof data.stateLost === 'boolean')
  )
}

export function isRuntimeInfo(data: unknown): data is RuntimeInfo {
  return (
    isPlainObject(data) &&
    hasOnly(data, ['pythonVersion', 'pyodideVersion', 'interruptible', 'packageMirror', 'libraries', 'isolated', 'fromSnapshot']) &&
    isString(data.pythonVersion) &&
    isString(data.pyodideVersion) &&
    typeof data.interruptible === 'boolean' &&
    typeof data.packageMirror === 'boolean' &&
    Array.isArray(data.libraries) &&
    data.libraries.every((l) => isPlainObject(l) && hasOnly(l, ['name', 'version']) && isString(l.name) && isString(l.version)) &&
    (data.isolated === undefined || typeof data.isolated === 'boolean') &&
    (data.fromSnapshot === undefined || typeof data.fromSnapshot === 'boolean')
  )
}

/** A snapshot as a worker hands it over: bytes (a whole number of 32-bit words, as Pyodide lays them out) and its tag. */
export function isMemorySnapshot(data: unknown): data is MemorySnapshot {
  return (
    isPlainObject(data) &&
    hasOnly(data, ['bytes', 'pyodideVersion', 'lockHash']) &&
    data.bytes instanceof Uint8Array &&
    data.bytes.byteLength > 0 &&
    data.bytes.byteLength % 4 === 0 &&
    isString(data.pyodideVersion) &&
    isString(data.lockHash) &&
    /^[0-9a-f]{32}$/.test(data.lockHash)
  )
}

function isRunError(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    hasOnly(value, ['type', 'message', 'traceback']) &&
    isString(value.type) &&
    isString(value.message) &&
    isString(value.traceback)
  )
}

export function isFileInfo(value: unknown): boolean {
  return isPlainObject(value) && hasOnly(value, ['name', 'size']) && isString(value.name) && isCount(value.size)
}

function isOutputFile(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    hasOnly(value, ['name', 'size', 'mimeType', 'data']) &&
    isString(value.name) &&
    isCount(value.size) &&
    isString(value.mimeType) &&
    value.data instanceof Uint8Array &&
    value.data.length === value.size
  )
}

function isRunImage(value: unknown): boolean {
  return isPlainObject(value) && hasOnly(value, ['mimeType', 'data']) && isString(value.mimeType) && isString(value.data)
}

const PRELOAD_STATES = new Set(['loaded', 'already', 'not-offered', 'over-budget', 'failed'])

/** Only the state and the heap size are acted on; a message is for the eyes of whoever debugs. */
export function isPreloadOutcome(value: unknown): value is PreloadOutcome {
  return (
    isPlainObject(value) &&
    hasOnly(value, ['state', 'heapBytes', 'message']) &&
    PRELOAD_STATES.has(value.state as string) &&
    (value.heapBytes === undefined || isCount(value.heapBytes)) &&
    (value.message === undefined || isString(value.message))
  )
}
