/**
 * A local stand-in for the Gemini API (generativelanguage) that replays
 * scripted model turns and is as strict as the real API about the requests it
 * accepts (see `validate.ts`).
 *
 * Endpoints (paths relative to where the handler is mounted), under `/v1beta`
 * (the default of @google/genai 2.x) and `/v1` (of 3.x) alike:
 * - `POST /{version}/models/{model}:generateContent`: JSON
 * - `POST /{version}/models/{model}:streamGenerateContent?alt=sse`: SSE `data:` lines
 * - `POST /{version}/interactions`: the Interactions API, JSON or SSE (`interactions.ts`)
 * - `GET /{version}/interactions/{id}`: a stored interaction
 * - `POST /__test/sessions` `{ "script": "<fixture name>" }` → `{ "apiKey" }`
 * - `GET /__test/sessions/{apiKey}`: the requests the session received
 *
 * Each test starts its own session; the API key selects it, so test files
 * running side by side never share a script.
 */
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import type { Duplex } from 'node:stream'
import { createInteraction, getInteraction, InteractionsState, type InteractionTurn } from './interactions.ts'
import { createLiveTestServer, type LiveRecord, type LiveStep, type LiveTestSession } from './live.ts'
import { validateRequest, type GoogleError, type IssuedSignature } from './validate.ts'

type Json = Record<string, unknown>
type ApiVersion = 'v1' | 'v1beta'

/** One scripted model turn, or a scripted failure (`steps` for the Interactions API, `parts` for generateContent). */
export interface ScriptTurn extends InteractionTurn {
  /** The model's parts; streamed one part per chunk unless `chunks` says otherwise. */
  parts?: Json[]
  /** Explicit chunking for streams: each entry is the parts of one chunk. */
  chunks?: Json[][]
  finishReason?: string
  usage?: { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount?: number }
  /** Answer with this error instead (HTTP status = `code`). */
  error?: GoogleError
}

export interface Script {
  description?: string
  turns: ScriptTurn[]
  /** The model of a Live API session (live.ts). */
  live?: LiveStep[]
}

export interface RecordedRequest {
  /** The API version in the path: `v1beta` or `v1`. */
  apiVersion: ApiVersion
  model: string
  method: 'generateContent' | 'streamGenerateContent' | 'interactions'
  body: Json
  /** HTTP status the server answered with. */
  status: number
  /** The error message, when the server rejected the request. */
  error?: string
}

interface Session extends LiveTestSession {
  scriptName: string
  script: Script
  next: number
  requests: RecordedRequest[]
  issued: Map<string, IssuedSignature>
  interactions: InteractionsState
}

const FIXTURES = fileURLToPath(new URL('../fixtures/gemini/', import.meta.url))

export function loadScript(name: string): Script {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad script name ${name}`)
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8')) as Script
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=UTF-8')
  res.end(JSON.stringify(body))
}

function sendError(res: ServerResponse, error: GoogleError): void {
  sendJson(res, error.code, { error })
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function chunksOf(turn: ScriptTurn): Json[][] {
  if (turn.chunks) return turn.chunks
  return (turn.parts ?? []).map((part) => [part])
}

function usageOf(turn: ScriptTurn): Json {
  const usage = turn.usage ?? { promptTokenCount: 10, candidatesTokenCount: 5 }
  return { ...usage, totalTokenCount: usage.totalTokenCount ?? usage.promptTokenCount + usage.candidatesTokenCount }
}

function recordSignatures(session: Session, parts: Json[]): void {
  for (const part of parts) {
    const signature = part['thoughtSignature']
    if (typeof signature !== 'string') continue
    const call = part['functionCall'] as Json | undefined
    session.issued.set(signature, { on: call ? `functionCall:${String(call['id'] ?? call['name'])}` : 'text' })
  }
}

/**
 * A unary answer has the text in one part where a stream splits it across
 * chunks (the signature, if any, stays with that text).
 */
function mergeText(parts: Json[]): Json[] {
  const merged: Json[] = []
  for (const part of parts) {
    const previous = merged.at(-1)
    const isText = (candidate: Json | undefined) => candidate !== undefined && typeof candidate['text'] === 'string' && !candidate['thought']
    if (isText(part) && isText(previous) && !(previous!['thoughtSignature'] && part['thoughtSignature'])) {
      merged[merged.length - 1] = { ...previous, text: String(previous!['text']) + String(part['text']), ...(part['thoughtSignature'] ? { thoughtSignature: part['thoughtSignature'] } : {}) }
    } else {
      merged.push({ ...part })
    }
  }
  return merged
}

export interface GeminiTestServer {
  /** Connect-style handler; `next` is called for paths it does not own. */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void
  /** An HTTP upgrade to the Live API's WebSocket (`path` relative to the mount point); false for other paths. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): boolean
}

export function createGeminiTestServer(): GeminiTestServer {
  const sessions = new Map<string, Session>()
  let counter = 0
  const live = createLiveTestServer((apiKey) => sessions.get(apiKey))

  /** The session the request's API key selects, or `undefined` after answering like the real API does to a bad key. */
  function authorize(req: IncomingMessage, res: ServerResponse): Session | undefined {
    const apiKey = req.headers['x-goog-api-key']
    if (typeof apiKey !== 'string' || apiKey === '') {
      sendError(res, {
        code: 403,
        status: 'PERMISSION_DENIED',
        message: 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.',
      })
      return undefined
    }
    const session = sessions.get(apiKey)
    if (!session) {
      sendError(res, {
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: 'API key not valid. Please pass a valid API key.',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
      })
    }
    return session
  }

  async function interactions(req: IncomingMessage, res: ServerResponse, apiVersion: ApiVersion): Promise<void> {
    const session = authorize(req, res)
    if (!session) return
    let body: unknown
    try {
      body = JSON.parse(await readBody(req))
    } catch {
      return sendError(res, { code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received.' })
    }
    const model = body !== null && typeof body === 'object' ? String((body as Json)['model']) : ''
    const record: RecordedRequest = { apiVersion, model, method: 'interactions', body: body as Json, status: 200 }
    session.requests.push(record)
    createInteraction({
      state: session.interactions,
      apiVersion,
      body,
      nextTurn: () => session.script.turns[session.next++],
      scriptEnded: () => ({ code: 400, status: 'FAILED_PRECONDITION', message: `Test script "${session.scriptName}" has no turn ${session.next}.` }),
      reject: (error) => {
        record.status = error.code
        record.error = error.message
        sendError(res, error)
      },
      res,
    })
  }

  async function readInteraction(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const session = authorize(req, res)
    if (session) getInteraction(session.interactions, id, res, (error) => sendError(res, error))
  }

  async function generate(req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray): Promise<void> {
    const apiVersion = match[1] as ApiVersion
    const model = decodeURIComponent(match[2]!)
    const method = match[3] as RecordedRequest['method']
    const session = authorize(req, res)
    if (!session) return
    if (!model.startsWith('gemini-')) {
      return sendError(res, { code: 404, status: 'NOT_FOUND', message: `models/${model} is not found for API version ${apiVersion}, or is not supported for ${method}.` })
    }
    if (method === 'streamGenerateContent' && url.searchParams.get('alt') !== 'sse') {
      return sendError(res, { code: 400, status: 'INVALID_ARGUMENT', message: 'This test server streams only with alt=sse.' })
    }
    let body: Json
    try {
      body = JSON.parse(await readBody(req)) as Json
    } catch {
      return sendError(res, { code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid JSON payload received.' })
    }
    const record: RecordedRequest = { apiVersion, model, method, body, status: 200 }
    session.requests.push(record)
    const reject = (error: GoogleError) => {
      record.status = error.code
      record.error = error.message
      sendError(res, error)
    }
    const problem = validateRequest(body, { model, issued: session.issued })
    if (problem) return reject(problem)

    const turn = session.script.turns[session.next++]
    if (!turn) return reject({ code: 400, status: 'FAILED_PRECONDITION', message: `Test script "${session.scriptName}" has no turn ${session.next}.` })
    if (turn.error) return reject(turn.error)

    const chunks = chunksOf(turn)
    for (const parts of chunks) recordSignatures(session, parts)
    const responseId = `resp-${session.next}`
    const envelope = (parts: Json[], last: boolean): Json => ({
      candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: turn.finishReason ?? 'STOP' } : {}) }],
      ...(last ? { usageMetadata: usageOf(turn) } : {}),
      modelVersion: model,
      responseId,
    })
    if (method === 'generateContent') return sendJson(res, 200, envelope(mergeText(chunks.flat()), true))

    res.statusCode = 200
    res.setHeader('Content-Type', 'text/event-stream')
    chunks.forEach((parts, index) => res.write(`data: ${JSON.stringify(envelope(parts, index === chunks.length - 1))}\r\n\r\n`))
    res.end()
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'POST' && path === '/__test/sessions') {
      const { script } = JSON.parse(await readBody(req)) as { script: string }
      const apiKey = `test-key-${script}-${++counter}-${Math.random().toString(36).slice(2, 8)}`
      const loaded = loadScript(script)
      sessions.set(apiKey, {
        scriptName: script,
        script: loaded,
        next: 0,
        requests: [],
        issued: new Map(),
        interactions: new InteractionsState(),
        live: [],
        liveSteps: () => loaded.live,
      })
      return sendJson(res, 200, { apiKey })
    }
    const key = /^\/__test\/sessions\/([^/]+)$/.exec(path)?.[1]
    const session = key ? sessions.get(decodeURIComponent(key)) : undefined
    if (req.method === 'GET' && session) return sendJson(res, 200, { requests: session.requests, turnsUsed: session.next, turns: session.script.turns.length, live: session.live })
    return sendJson(res, 404, { error: { code: 404, status: 'NOT_FOUND', message: `No such test session ${path}` } })
  }

  return {
    upgrade: (req, socket, head, path) => live.upgrade(req, socket, head, path),
    handle(req, res, next) {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const path = url.pathname
      const generateMatch = /^\/(v1|v1beta)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(path)
      const interactionsMatch = /^\/(v1|v1beta)\/interactions(?:\/([^/:]+))?$/.exec(path)
      const interactionId = interactionsMatch?.[2]
      const task = generateMatch && req.method === 'POST'
        ? generate(req, res, url, generateMatch)
        : interactionsMatch && interactionId === undefined && req.method === 'POST'
          ? interactions(req, res, interactionsMatch[1] as ApiVersion)
          : interactionsMatch && interactionId !== undefined && req.method === 'GET'
            ? readInteraction(req, res, decodeURIComponent(interactionId))
            : path.startsWith('/__test/')
          ? control(req, res, path)
          : undefined
      if (!task) {
        if (next) return next()
        return sendError(res, { code: 404, status: 'NOT_FOUND', message: `No route for ${req.method} ${path}` })
      }
      task.catch((error: unknown) => {
        if (!res.headersSent) sendError(res, { code: 500, status: 'INTERNAL', message: String(error) })
        else res.end()
      })
    },
  }
}
