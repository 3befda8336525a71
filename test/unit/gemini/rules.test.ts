/** The broker's pure rules: loop limits, retry delays, errors, description, usage. */
import { describe, expect, test } from 'vitest'
import { describeCodeExecution } from '../../../src/gemini/description.ts'
import { GeminiAbortError, GeminiApiError, GeminiNetworkError, parseGoogleErrorBody, toGeminiError } from '../../../src/gemini/errors.ts'
import { mustForceFinalAnswer, regenerationLimitReached, resolveLimits, runToolLoop, type LoopTurn } from '../../../src/gemini/loop.ts'
import { computeRetryDelay, resolveRetryOptions } from '../../../src/gemini/retry.ts'
import type { ToolCall, ToolCallResult } from '../../../src/gemini/tool.ts'
import { addUsage } from '../../../src/gemini/usage.ts'

const limits = resolveLimits()

describe('loop rules', () => {
  test('the defaults allow 5 regenerations and 10 round-trips', () => {
    expect(limits).toEqual({ maxRegenerations: 5, maxRoundTrips: 10 })
  })

  test('five failures still allow a regeneration; the sixth ends them', () => {
    expect(regenerationLimitReached({ roundTrips: 5, failures: 5 }, limits)).toBe(false)
    expect(regenerationLimitReached({ roundTrips: 6, failures: 6 }, limits)).toBe(true)
  })

  test('the last round-trip allowed asks for a text answer', () => {
    expect(mustForceFinalAnswer({ roundTrips: 8, failures: 0 }, limits)).toBe(false)
    expect(mustForceFinalAnswer({ roundTrips: 9, failures: 0 }, limits)).toBe(true)
  })

  test('the loop refuses calls past the regeneration limit and forces a text answer', async () => {
    const requests: boolean[] = []
    const turns: Array<LoopTurn & { calls: ToolCall[] }> = [
      { calls: [{ name: 'run_python', args: {} }] },
      { calls: [{ name: 'run_python', args: {} }, { name: 'run_python', args: {} }] },
      { calls: [] },
    ]
    const answered: string[] = []
    const result = (call: ToolCall, failed: boolean): ToolCallResult => ({ call, response: {}, images: [], failed })
    const outcome = await runToolLoop({
      limits: { maxRegenerations: 1, maxRoundTrips: 10 },
      generate: async ({ forceFinal }) => (requests.push(forceFinal), turns.shift()!),
      execute: async (call) => (answered.push('ran'), result(call, true)),
      refuse: (call, reason) => (answered.push(reason), result(call, false)),
      submit: () => undefined,
    })
    expect(answered).toEqual(['ran', 'ran', 'regeneration-limit'])
    expect(requests).toEqual([false, false, true])
    expect(outcome).toMatchObject({ stoppedBy: 'answer', state: { roundTrips: 3, failures: 2 } })
  })
})

describe('retry delays', () => {
  const options = resolveRetryOptions({ maxRetries: 5, initialDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5, random: () => 1 })
  const apiError = (status: number, details: unknown[] = []) => new GeminiApiError({ status, code: 'X', apiMessage: 'x', details })

  test('backoff doubles per retry, is capped, and stops after the maximum number of retries', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((retry) => computeRetryDelay({ retry, error: apiError(503), options }))
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, undefined])
  })

  test('jitter takes up to the configured fraction off the delay', () => {
    const low = resolveRetryOptions({ initialDelayMs: 1000, jitter: 0.5, random: () => 0 })
    expect(computeRetryDelay({ retry: 0, error: apiError(500), options: low })).toBe(500)
  })

  test('RetryInfo.retryDelay is honoured when it is within the cap', () => {
    const error = apiError(429, [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.5s' }])
    expect(computeRetryDelay({ retry: 0, error, options })).toBe(2500)
  })

  test('a RetryInfo longer than the cap surfaces the error instead of waiting', () => {
    const error = apiError(429, [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '60s' }])
    expect(computeRetryDelay({ retry: 0, error, options })).toBeUndefined()
  })

  test('400 and network errors are not retried', () => {
    expect(computeRetryDelay({ retry: 0, error: apiError(400), options })).toBeUndefined()
    expect(computeRetryDelay({ retry: 0, error: new GeminiNetworkError({ reason: 'unreachable', message: 'x' }), options })).toBeUndefined()
  })
})

describe('errors', () => {
  test("the SDK's ApiError becomes a GeminiApiError with the body's fields", () => {
    const body = { error: { code: 429, message: 'Quota exceeded.', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '22s' }] } }
    const sdkError = Object.assign(new Error(JSON.stringify(body)), { name: 'ApiError', status: 429 })
    const error = toGeminiError(sdkError) as GeminiApiError
    expect(error).toMatchObject({ name: 'GeminiApiError', status: 429, code: 'RESOURCE_EXHAUSTED', apiMessage: 'Quota exceeded.', retryDelayMs: 22_000 })
  })

  test('stream error chunks and array-wrapped bodies are parsed too', () => {
    expect(parseGoogleErrorBody('got status: UNAVAILABLE. {"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}}')).toMatchObject({ code: 503, status: 'UNAVAILABLE' })
    expect(parseGoogleErrorBody('[{"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}}]')).toMatchObject({ message: 'bad' })
  })

  test('a failed fetch is a network error and an aborted signal an abort', () => {
    expect(toGeminiError(new TypeError('fetch failed'))).toBeInstanceOf(GeminiNetworkError)
    const controller = new AbortController()
    controller.abort()
    expect(toGeminiError(new DOMException('aborted', 'AbortError'), controller.signal)).toBeInstanceOf(GeminiAbortError)
  })

  test('other errors pass through unchanged', () => {
    const bug = new RangeError('bug')
    expect(toGeminiError(bug)).toBe(bug)
  })
})

describe('tool description', () => {
  test('by default it states Python 3.14, the standard library only, no files, no network and the time limit', () => {
    const text = describeCodeExecution({ timeoutMs: 30_000 })
    expect(text).toContain('Python 3.14')
    expect(text).toContain('Only the Python standard library is available')
    expect(text).toContain('no input files')
    expect(text).toContain('no network access')
    expect(text).toContain('30 seconds')
    expect(text).toContain('Only printed output comes back')
    expect(text).not.toContain('Matplotlib')
  })

  test('libraries and files come from the environment, and matplotlib figures are announced only when matplotlib is there', () => {
    const text = describeCodeExecution({ timeoutMs: 10_000, environment: { libraries: ['numpy', { name: 'matplotlib', version: '3.9' }], files: ['a.csv'] } })
    expect(text).toContain('numpy, matplotlib 3.9')
    expect(text).toContain('a.csv')
    expect(text).toContain('Matplotlib figures the code creates are returned to you as images.')
  })

  test('files are listed with their sizes, and only the content the privacy setting let through is shown', () => {
    const text = describeCodeExecution({
      timeoutMs: 30_000,
      environment: {
        workingDirectory: '/home/pyodide',
        files: [
          { name: 'sales.csv', size: 2048, content: 'city,amount\nOslo,4', partial: true },
          { name: 'photo.png', size: 3 * 1024 * 1024 },
        ],
      },
    })
    expect(text).toContain('Files in the working directory (/home/pyodide): sales.csv (2 KiB), photo.png (3 MiB).')
    expect(text).toContain('Start of sales.csv:\n```\ncity,amount\nOslo,4\n```')
    expect(text).not.toContain('Content of photo.png')
  })
})

test('usage adds up counts and merges per-modality details', () => {
  const sum = addUsage(
    { promptTokenCount: 10, totalTokenCount: 15, promptTokensDetails: [{ modality: 'TEXT' as never, tokenCount: 10 }] },
    { promptTokenCount: 20, totalTokenCount: 30, promptTokensDetails: [{ modality: 'TEXT' as never, tokenCount: 18 }, { modality: 'IMAGE' as never, tokenCount: 2 }] },
  )
  expect(sum).toEqual({ promptTokenCount: 30, totalTokenCount: 45, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 28 }, { modality: 'IMAGE', tokenCount: 2 }] })
})
