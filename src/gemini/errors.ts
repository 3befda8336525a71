/**
 * Typed errors the broker throws, each with a literal `name` so callers can
 * switch on it without `instanceof` (which breaks across bundles and realms).
 *
 * Every broker error can carry `history`: the wire conversation up to the
 * failure, with every function call answered, so it is always valid to send
 * back (`generateContent({ contents: error.history })` resumes the turn).
 * From `interactions.create`, it carries instead `interactionId` (the last
 * interaction the API stored, which a follow-up can name as
 * `previous_interaction_id`; answers still owed are sent first) and `steps`
 * (what ran before the failure, in the built-in shape).
 */
import type { Content, Interactions } from '@google/genai'

/** The fields of Google's error body `{"error": {code, message, status, details}}`. */
export interface GoogleErrorBody {
  code?: number
  message?: string
  status?: string
  details?: unknown[]
}

interface BrokerErrorOptions {
  cause?: unknown
  history?: Content[]
}

/** The API answered with an error status (4xx/5xx). */
export class GeminiApiError extends Error {
  override readonly name = 'GeminiApiError' as const
  /** HTTP status, e.g. 429. Same meaning as the SDK's `ApiError.status`. */
  readonly status: number
  /** The API's canonical code, e.g. `'RESOURCE_EXHAUSTED'` (the body's `error.status`). */
  readonly code: string
  /** The API's own message, without the JSON around it. */
  readonly apiMessage: string
  /** `error.details` from the body (RetryInfo, QuotaFailure, ...). */
  readonly details: unknown[]
  /** `RetryInfo.retryDelay` in milliseconds, when the API sent one. */
  readonly retryDelayMs: number | undefined
  history: Content[] | undefined
  interactionId: string | undefined
  steps: Interactions.Step[] | undefined

  constructor(params: { status: number; code: string; apiMessage: string; details?: unknown[] } & BrokerErrorOptions) {
    super(`Gemini API error ${params.status} ${params.code}: ${params.apiMessage}`, { cause: params.cause })
    this.status = params.status
    this.code = params.code
    this.apiMessage = params.apiMessage
    this.details = params.details ?? []
    this.retryDelayMs = retryDelayFromDetails(this.details)
    this.history = params.history
    this.interactionId = undefined
    this.steps = undefined
  }
}

/** The request never got an HTTP answer: offline, DNS failure, refused connection, timeout. */
export class GeminiNetworkError extends Error {
  override readonly name = 'GeminiNetworkError' as const
  /** `offline` when the browser says so; `timeout` when `httpOptions.timeout` fired. */
  readonly reason: 'offline' | 'unreachable' | 'timeout'
  history: Content[] | undefined
  interactionId: string | undefined
  steps: Interactions.Step[] | undefined

  constructor(params: { reason: GeminiNetworkError['reason']; message: string } & BrokerErrorOptions) {
    super(params.message, { cause: params.cause })
    this.reason = params.reason
    this.history = params.history
    this.interactionId = undefined
    this.steps = undefined
  }
}

/** The caller aborted (`config.abortSignal`): the request was cancelled and running code stopped. */
export class GeminiAbortError extends Error {
  override readonly name = 'GeminiAbortError' as const
  history: Content[] | undefined
  interactionId: string | undefined
  steps: Interactions.Step[] | undefined

  constructor(params: BrokerErrorOptions & { message?: string } = {}) {
    super(params.message ?? 'The request was aborted.', { cause: params.cause })
    this.history = params.history
    this.interactionId = undefined
    this.steps = undefined
  }
}

export type GeminiBrokerError = GeminiApiError | GeminiNetworkError | GeminiAbortError

export function isGeminiBrokerError(error: unknown): error is GeminiBrokerError {
  return error instanceof GeminiApiError || error instanceof GeminiNetworkError || error instanceof GeminiAbortError
}

const CANONICAL_CODES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

/** Parses a Google duration string (`"22s"`, `"0.5s"`) into milliseconds. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const match = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(value)
  if (!match?.[1]) return undefined
  return Math.round(Number(match[1]) * 1000)
}

/** Finds `google.rpc.RetryInfo` among the error details and returns its delay. */
export function retryDelayFromDetails(details: readonly unknown[]): number | undefined {
  for (const detail of details) {
    if (detail === null || typeof detail !== 'object') continue
    const record = detail as Record<string, unknown>
    const type = record['@type']
    if (typeof type === 'string' && type.endsWith('google.rpc.RetryInfo')) {
      const ms = parseDurationMs(record['retryDelay'])
      if (ms !== undefined) return ms
    }
  }
  return undefined
}

/**
 * Extracts Google's error body from the text the SDK puts in `ApiError.message`:
 * the JSON body itself, `got status: X. {json}` for stream errors, or an array
 * of bodies (some proxies wrap it in `[...]`).
 */
export function parseGoogleErrorBody(text: string): GoogleErrorBody | undefined {
  const start = text.search(/[[{]/)
  if (start < 0) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text.slice(start))
  } catch {
    return undefined
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed
  if (first === null || typeof first !== 'object') return undefined
  const error = (first as Record<string, unknown>)['error']
  if (error === null || typeof error !== 'object') return undefined
  const body = error as Record<string, unknown>
  // A non-JSON error response is wrapped by the SDK as {message: <raw text>}: the
  // raw text may itself be a Google error body (seen behind proxies).
  if (typeof body['message'] === 'string' && body['message'].trimStart().startsWith('{')) {
    const inner = parseGoogleErrorBody(body['message'])
    if (inner) return inner
  }
  return {
    code: typeof body['code'] === 'number' ? body['code'] : undefined,
    message: typeof body['message'] === 'string' ? body['message'] : undefined,
    status: typeof body['status'] === 'string' ? body['status'] : undefined,
    details: Array.isArray(body['details']) ? body['details'] : undefined,
  }
}

function isAbortLike(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}

function isFetchFailure(error: unknown): boolean {
  // Chromium: "Failed to fetch"; Firefox: "NetworkError when attempting to fetch
  // resource."; Safari: "Load failed"; Node (undici): "fetch failed".
  return error instanceof TypeError && /fetch|network|load failed/i.test(error.message)
}

/** Errors of the SDK's Interactions client (`APIError` and kin): numeric `status`, the body as JSON text. */
function fromInteractionsError(error: Error): GeminiBrokerError | undefined {
  const fields = error as Error & { status?: unknown; body?: unknown }
  if (typeof fields.status === 'number' && typeof fields.body === 'string') {
    const body = parseGoogleErrorBody(fields.body)
    return new GeminiApiError({
      status: fields.status,
      code: body?.status && /^[A-Z_]+$/.test(body.status) ? body.status : (CANONICAL_CODES[fields.status] ?? 'UNKNOWN'),
      apiMessage: body?.message ?? error.message,
      details: body?.details,
      cause: error,
    })
  }
  if (error.name === 'APIConnectionTimeoutError') return new GeminiNetworkError({ reason: 'timeout', message: 'The request to the Gemini API timed out.', cause: error })
  if (error.name === 'APIConnectionError') {
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false
    return new GeminiNetworkError({
      reason: offline ? 'offline' : 'unreachable',
      message: offline ? 'The device is offline: the Gemini API cannot be reached.' : `The Gemini API could not be reached (${error.message}). Check the network and the API base URL.`,
      cause: error,
    })
  }
  if (error.name === 'APIUserAbortError') return new GeminiAbortError({ cause: error })
  return undefined
}

/**
 * Maps what the SDK throws to the broker's typed errors. Anything that is not
 * an API, network or abort failure (a programming error, an SDK validation
 * error) is returned unchanged.
 */
export function toGeminiError(error: unknown, signal?: AbortSignal): unknown {
  if (isGeminiBrokerError(error)) return error
  if (signal?.aborted) return new GeminiAbortError({ cause: error })
  const fromInteractions = error instanceof Error && error.name !== 'ApiError' ? fromInteractionsError(error) : undefined
  if (fromInteractions) return fromInteractions
  if (error instanceof Error && error.name === 'ApiError') {
    const status = (error as Error & { status?: unknown }).status
    const httpStatus = typeof status === 'number' ? status : 0
    const body = parseGoogleErrorBody(error.message)
    return new GeminiApiError({
      status: httpStatus,
      code: body?.status && /^[A-Z_]+$/.test(body.status) ? body.status : (CANONICAL_CODES[httpStatus] ?? 'UNKNOWN'),
      apiMessage: body?.message ?? error.message,
      details: body?.details,
      cause: error,
    })
  }
  if (isAbortLike(error)) {
    // Not the caller's signal: the SDK's per-attempt timeout (`httpOptions.timeout`).
    return new GeminiNetworkError({ reason: 'timeout', message: 'The request to the Gemini API timed out.', cause: error })
  }
  if (isFetchFailure(error)) {
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false
    return new GeminiNetworkError({
      reason: offline ? 'offline' : 'unreachable',
      message: offline
        ? 'The device is offline: the Gemini API cannot be reached.'
        : `The Gemini API could not be reached (${(error as Error).message}). Check the network and the API base URL.`,
      cause: error,
    })
  }
  return error
}
