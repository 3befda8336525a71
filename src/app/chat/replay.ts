/**
 * A recorded transport: a `fetch` for the real `@google/genai` client that
 * answers Gemini's REST endpoints from a recording instead of the network.
 * The broker, the tool loop and the sandbox run exactly as in a live chat;
 * only the model's turns are replayed.
 *
 * Which turn to send is read from the request itself (the number of model
 * turns since the user's message), so the transport keeps no state. When the
 * code failed here although the recording continued as if it had worked (a
 * library that cannot be had offline, say), the replay stops with an error
 * that says so, rather than showing an answer built on output that never
 * happened.
 *
 * @example
 * const ai = new GoogleGenAI({ apiKey: 'replay', httpOptions: { baseUrl: REPLAY_BASE_URL, fetch: replayFetch(recording) } })
 */
import type { Content, Part } from '@google/genai'
import { REPLAY_MODEL } from '../store/conversation.ts'
import type { Recording } from './recordings.ts'

/** Never resolved: requests to it are answered by `replayFetch` and nothing else. */
export const REPLAY_BASE_URL = 'https://replay.invalid'
/** Pause between streamed pieces of text, so a replay reads like a live answer. */
const CHUNK_DELAY_MS = 25

interface RequestBody {
  contents?: Content[]
}

function turnIndex(contents: readonly Content[]): number {
  let index = 0
  for (let i = contents.length - 1; i >= 0; i--) {
    const content = contents[i]!
    const parts = content.parts ?? []
    if (content.role === 'model') index++
    // A user turn that answers function calls (its images may ride along as inline data) is not a new message.
    else if (!parts.some((part) => part.functionResponse) && parts.some((part) => part.text !== undefined || part.inlineData !== undefined)) break
  }
  return index
}

/** The last function response, when a run failed here: its output explains why. */
function failedRun(contents: readonly Content[]): string | undefined {
  const last = contents.at(-1)
  for (const part of last?.parts ?? []) {
    const response = part.functionResponse?.response as { outcome?: string; output?: string; error?: string } | undefined
    if (response && (response.error !== undefined || (response.outcome !== undefined && response.outcome !== 'OUTCOME_OK'))) {
      return response.error ?? response.output ?? response.outcome
    }
  }
  return undefined
}

function errorResponse(message: string): Response {
  const body = { error: { code: 400, status: 'FAILED_PRECONDITION', message } }
  return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } })
}

/** Splits text parts into word-sized pieces, as a streaming model does. */
function chunksOf(parts: readonly Part[]): Part[][] {
  const chunks: Part[][] = []
  for (const part of parts) {
    if (typeof part.text !== 'string' || part.text.length < 40) {
      chunks.push([part])
      continue
    }
    const pieces = part.text.match(/\S+\s*|\s+/g) ?? [part.text]
    for (let i = 0; i < pieces.length; i += 4) chunks.push([{ text: pieces.slice(i, i + 4).join('') }])
  }
  return chunks
}

function envelope(parts: Part[], last: boolean): object {
  return {
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
    ...(last ? { usageMetadata: { promptTokenCount: 0, candidatesTokenCount: 0, totalTokenCount: 0 } } : {}),
    modelVersion: REPLAY_MODEL,
  }
}

function sse(parts: readonly Part[], signal: AbortSignal | null | undefined): Response {
  const chunks = chunksOf(parts)
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const [index, chunk] of chunks.entries()) {
        if (signal?.aborted) return controller.error(signal.reason)
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(envelope(chunk, index === chunks.length - 1))}\r\n\r\n`))
        await new Promise((resolve) => setTimeout(resolve, CHUNK_DELAY_MS))
      }
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } })
}

export function replayFetch(recording: Recording): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const method = url.pathname.split(':').pop()
    if (!url.href.startsWith(REPLAY_BASE_URL) || (method !== 'generateContent' && method !== 'streamGenerateContent')) {
      return errorResponse(`A replay answers only generateContent requests, not ${url.pathname}.`)
    }
    const request = JSON.parse(String(init?.body ?? '{}')) as RequestBody
    const contents = request.contents ?? []
    const failure = failedRun(contents)
    if (failure !== undefined) {
      const needs = recording.needs.length ? ` It needs ${recording.needs.join(', ')}, which this app serves only from the full library mirror (npm run vendor).` : ''
      return errorResponse(`The replay stops here: the recording continued as if the code had worked, but here it failed.${needs} What the code printed: ${failure.trim().split('\n').slice(-2).join(' ')}`)
    }
    const turn = recording.turns[turnIndex(contents)]
    if (!turn) return errorResponse('The recording has no further turns: start a new chat to ask your own questions with an API key.')
    if (method === 'generateContent') return new Response(JSON.stringify(envelope(turn.parts, true)), { status: 200, headers: { 'content-type': 'application/json' } })
    return sse(turn.parts, init?.signal)
  }
}
