/**
 * Streaming: the loop runs in the background and pushes chunks in the
 * built-in shape as they happen (text deltas, then the code, then its result,
 * then more text); the caller pulls them with `for await`.
 */
import { GenerateContentResponse, type Candidate, type Content, type GenerateContentResponseUsageMetadata, type Part } from '@google/genai'
import { toGeminiError } from './errors.ts'
import { mergeTextParts } from './merge-text.ts'
import { openStream, type RoundTripParams } from './request.ts'
import { visibleParts } from './shapes.ts'
import { addUsage } from './usage.ts'

/** A single-consumer queue between the loop (producer) and the caller's `for await`. */
export class AsyncQueue<T> {
  private items: T[] = []
  private waiting: (() => void) | undefined
  private done = false
  private error: { value: unknown } | undefined

  push(item: T): void {
    if (this.done) return
    this.items.push(item)
    this.wake()
  }

  close(): void {
    this.done = true
    this.wake()
  }

  fail(error: unknown): void {
    if (this.done) return
    this.error = { value: error }
    this.done = true
    this.wake()
  }

  /** Resolves once there is something to read, or the queue ended; rejects if it failed with nothing read. */
  async ready(): Promise<void> {
    while (this.items.length === 0 && !this.done) await new Promise<void>((resolve) => (this.waiting = resolve))
    if (this.items.length === 0 && this.error) throw this.error.value
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!
        continue
      }
      if (this.error) throw this.error.value
      if (this.done) return
      await new Promise<void>((resolve) => (this.waiting = resolve))
    }
  }

  private wake(): void {
    const waiting = this.waiting
    this.waiting = undefined
    waiting?.()
  }
}

function chunkOf(candidate: Candidate | undefined, parts: Part[], source?: GenerateContentResponse): GenerateContentResponse {
  const chunk = new GenerateContentResponse()
  chunk.candidates = [{ ...candidate, content: { role: 'model', parts } }]
  if (source?.modelVersion) chunk.modelVersion = source.modelVersion
  if (source?.responseId) chunk.responseId = source.responseId
  return chunk
}

/**
 * Writes chunks to the caller, one chunk behind: whether a round's last chunk
 * ends the whole answer is only known when the round ends, and only the chunk
 * that really ends it may carry a `finishReason`.
 */
export class ChunkWriter {
  private held: GenerateContentResponse | undefined

  constructor(private readonly sink: (chunk: GenerateContentResponse) => void) {}

  /** A chunk that may turn out to be the last one. */
  hold(chunk: GenerateContentResponse): void {
    this.release()
    this.held = chunk
  }

  /** A chunk known not to be the last one (code, results). */
  push(chunk: GenerateContentResponse): void {
    this.release()
    this.sink(chunk)
  }

  /** Sends the last chunk with the final metadata (finish reason, summed usage, wire history). */
  finish(final: { candidate: Candidate | undefined; usage: GenerateContentResponseUsageMetadata | undefined; history: Content[] }): void {
    const chunk = this.held ?? chunkOf(final.candidate, [])
    this.held = undefined
    const candidate = chunk.candidates?.[0]
    if (candidate && final.candidate?.finishReason) candidate.finishReason = final.candidate.finishReason
    if (candidate && final.candidate?.finishMessage) candidate.finishMessage = final.candidate.finishMessage
    if (final.usage) chunk.usageMetadata = final.usage
    chunk.automaticFunctionCallingHistory = final.history
    this.sink(chunk)
  }

  private release(): void {
    const held = this.held
    this.held = undefined
    if (!held) return
    const candidate = held.candidates?.[0]
    if (candidate) {
      delete candidate.finishReason
      delete candidate.finishMessage
    }
    // A chunk that only carried a finish reason says nothing once that is gone.
    if ((candidate?.content?.parts?.length ?? 0) === 0) return
    this.sink(held)
  }
}

/**
 * One streaming round-trip: forwards visible parts as they arrive and returns
 * the whole model turn, every part kept in order, its text fragments joined
 * as in a unary answer (a signature that arrives on an empty text part in a
 * later chunk stays with that text).
 */
export async function streamRound(params: {
  round: RoundTripParams
  writer: ChunkWriter
  usageBefore: GenerateContentResponseUsageMetadata | undefined
  /** Each chunk's parts as they arrive, before the round ends. */
  onParts?: (parts: Part[]) => void
}): Promise<GenerateContentResponse> {
  const stream = await openStream(params.round)
  const parts: Part[] = []
  let last: GenerateContentResponse | undefined
  let usage: GenerateContentResponseUsageMetadata | undefined
  let candidate: Candidate | undefined
  try {
    for await (const chunk of stream) {
      last = chunk
      if (chunk.usageMetadata) usage = chunk.usageMetadata
      const chunkCandidate = chunk.candidates?.[0]
      if (chunkCandidate) candidate = { ...candidate, ...chunkCandidate }
      const chunkParts = chunkCandidate?.content?.parts ?? []
      parts.push(...chunkParts)
      if (chunkParts.length > 0) params.onParts?.(chunkParts)
      const shown = visibleParts(chunkParts)
      if (shown.length === 0 && !chunkCandidate?.finishReason) continue
      const out = chunkOf(chunkCandidate, shown, chunk)
      const total = addUsage(params.usageBefore, chunk.usageMetadata)
      if (chunk.usageMetadata && total) out.usageMetadata = total
      params.writer.hold(out)
    }
  } catch (error) {
    throw toGeminiError(error, params.round.signal)
  }
  const merged = new GenerateContentResponse()
  Object.assign(merged, last)
  merged.candidates = [{ ...candidate, content: { role: 'model', parts: mergeTextParts(parts) } }]
  if (usage) merged.usageMetadata = usage
  return merged
}
