/**
 * Retries of transient API failures: exponential backoff with jitter, or the
 * delay the API asks for in `RetryInfo.retryDelay`.
 *
 * The SDK does not retry unless `httpOptions.retryOptions` is set; this layer
 * is ours so that retries are visible (`onRetry`), abortable, and honour
 * RetryInfo. Only whole requests are retried: a stream that already delivered
 * chunks is never replayed.
 */
import { GeminiAbortError, GeminiApiError } from './errors.ts'

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. `0` disables retries. */
  maxRetries?: number
  /** Delay before the first retry, in ms. Default 1000. */
  initialDelayMs?: number
  /** Cap on one delay, in ms. A `RetryInfo` asking for longer is not waited for: the error is thrown. Default 60 000. */
  maxDelayMs?: number
  /** Growth factor between retries. Default 2. */
  multiplier?: number
  /** Fraction of each backoff delay that is randomised (0..1). Default 0.5. */
  jitter?: number
  /** HTTP statuses worth retrying. Default [429, 500, 503, 504]. */
  retryStatuses?: readonly number[]
  /** Source of randomness in [0, 1); injectable for tests. Default `Math.random`. */
  random?: () => number
}

export type ResolvedRetryOptions = Required<RetryOptions>

export const DEFAULT_RETRY_STATUSES: readonly number[] = [429, 500, 503, 504]

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 3)),
    initialDelayMs: Math.max(0, options.initialDelayMs ?? 1000),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 60_000),
    multiplier: Math.max(1, options.multiplier ?? 2),
    jitter: Math.min(1, Math.max(0, options.jitter ?? 0.5)),
    retryStatuses: options.retryStatuses ?? DEFAULT_RETRY_STATUSES,
    random: options.random ?? Math.random,
  }
}

/**
 * How long to wait before retry number `retry` (0 for the first retry), or
 * `undefined` when the error must be surfaced instead.
 */
export function computeRetryDelay(params: { retry: number; error: unknown; options: ResolvedRetryOptions }): number | undefined {
  const { retry, error, options } = params
  if (retry >= options.maxRetries) return undefined
  if (!(error instanceof GeminiApiError) || !options.retryStatuses.includes(error.status)) return undefined
  if (error.retryDelayMs !== undefined) {
    // The server said when capacity returns; waiting less just burns a request.
    return error.retryDelayMs <= options.maxDelayMs ? error.retryDelayMs : undefined
  }
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.multiplier ** retry)
  const randomized = base * options.jitter * options.random()
  return Math.round(base * (1 - options.jitter) + randomized)
}

/** Resolves after `ms`, or rejects with `GeminiAbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new GeminiAbortError())
    const onAbort = () => {
      clearTimeout(timer)
      reject(new GeminiAbortError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export interface RetryNotice {
  /** 1 for the first retry. */
  attempt: number
  delayMs: number
  error: GeminiApiError
}

/**
 * Runs `operation` until it succeeds or an error is not worth retrying.
 * `operation` must throw already-typed errors (see `toGeminiError`).
 */
export async function withRetry<T>(params: {
  operation: () => Promise<T>
  options: ResolvedRetryOptions
  signal?: AbortSignal
  onRetry?: (notice: RetryNotice) => void
}): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await params.operation()
    } catch (error) {
      const delayMs = computeRetryDelay({ retry, error, options: params.options })
      if (delayMs === undefined || params.signal?.aborted) throw error
      params.onRetry?.({ attempt: retry + 1, delayMs, error: error as GeminiApiError })
      await sleep(delayMs, params.signal)
    }
  }
}
