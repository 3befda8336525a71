/**
 * The strict Gemini test server's Live API: the BidiGenerateContent WebSocket
 * the SDK's `live.connect` opens at
 * `{baseUrl}/ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent?key=…`.
 *
 * The API key selects a test session, whose script's `live` steps are the
 * model: each step waits for one client input (a complete `clientContent`
 * turn, a `realtimeInput`, or the `toolResponse` that answers the last pending
 * call) and then sends its server messages. `toolCall`s become pending until
 * answered; `toolCallCancellation`s cancel them. With `setup.sessionResumption`
 * every step ends with a `sessionResumptionUpdate`, and a new connection with
 * one of those handles continues the same script. What it refuses is in
 * `live-validate.ts`; every message both ways is recorded for the tests.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { checkClientContent, checkNoUnansweredCalls, checkSetup, checkToolResponse, messageKind, refuse, type PendingCalls, type Refusal } from './live-validate.ts'

type Json = Record<string, unknown>

/** One scripted model step: what the client must send first, then what the server answers. */
export interface LiveStep {
  after: 'clientContent' | 'realtimeInput' | 'toolResponse'
  /** Server messages in order; `{ "$close": "reason" }` closes the connection (code 1000). */
  send: Json[]
}

export interface LiveRecord {
  /** 1 for the session's first connection, 2 for the next (a resumption), … */
  connection: number
  /** The API version in the connection's path (the SDK's default: 3.x `v1`, 2.x `v1beta`). */
  apiVersion: string
  from: 'client' | 'server'
  message: Json
  /** Set when the server closed the connection. */
  closed?: { code: number; reason: string }
}

/** What the live server needs of a test session (see handler.ts). */
export interface LiveTestSession {
  live: LiveRecord[]
  liveSteps(): LiveStep[] | undefined
  liveState?: LiveSessionState
}

interface LiveSessionState extends PendingCalls {
  next: number
  connections: number
  handles: Set<string>
}

const PATH = /\/ws\/google\.ai\.generativelanguage\.(v1|v1beta|v1alpha)\.GenerativeService\.BidiGenerateContent$/

/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
function closeReason(reason: string): string {
  const bytes = Buffer.from(reason)
  return bytes.length <= 123 ? reason : `${bytes.subarray(0, 119).toString('utf8').replace(/\uFFFD*$/, '')}...`
}

export interface LiveTestServer {
  /** Handles an HTTP upgrade for `path` (relative to the mount point); false when the path is not the Live API. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): boolean
}

export function createLiveTestServer(findSession: (apiKey: string) => LiveTestSession | undefined): LiveTestServer {
  const wss = new WebSocketServer({ noServer: true })
  return {
    upgrade(req, socket, head, path) {
      // Not `new URL(path)`: with a base URL that ends in `/` the SDK asks for `//ws/…`.
      const [pathname = '', query = ''] = path.split('?')
      const apiVersion = PATH.exec(pathname)?.[1]
      if (apiVersion === undefined) return false
      const key = new URLSearchParams(query).get('key') ?? ''
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, findSession(key), apiVersion))
      return true
    },
  }
}

function serve(ws: WebSocket, session: LiveTestSession | undefined, apiVersion: string): void {
  if (!session) return ws.close(1008, 'API key not valid. Please pass a valid API key.')
  const state = (session.liveState ??= { next: 0, connections: 0, handles: new Set(), pending: new Map(), cancelled: new Set() })
  const connection = ++state.connections
  let setUp = false
  let resumable = false
  let open = true

  const send = (message: Json) => {
    session.live.push({ connection, apiVersion, from: 'server', message })
    ws.send(JSON.stringify(message))
  }
  const close = (code: number, reason: string) => {
    if (!open) return
    open = false
    session.live.push({ connection, apiVersion, from: 'server', message: {}, closed: { code, reason } })
    ws.close(code, closeReason(reason))
  }
  const fail = (refusal: Refusal) => close(refusal.code, refusal.reason)

  function runStep(trigger: LiveStep['after']): void {
    const step = session!.liveSteps()?.[state.next]
    if (!step) return fail(refuse(`The test script has no live step ${state.next + 1} (after ${trigger}).`, 1011))
    if (step.after !== trigger) return fail(refuse(`The test script's step ${state.next + 1} waits for ${step.after}, not ${trigger}.`, 1011))
    state.next++
    const offerResumption = () => {
      if (!resumable) return
      const handle = `handle-${state.connections}-${state.next}`
      state.handles.add(handle)
      send({ sessionResumptionUpdate: { newHandle: handle, resumable: state.pending.size === 0 } })
    }
    for (const message of step.send) {
      if (typeof message['$close'] === 'string') {
        offerResumption()
        return close(1000, message['$close'])
      }
      const toolCall = message['toolCall'] as { functionCalls?: Json[] } | undefined
      for (const call of toolCall?.functionCalls ?? []) state.pending.set(String(call['id']), String(call['name']))
      const cancellation = message['toolCallCancellation'] as { ids?: string[] } | undefined
      for (const id of cancellation?.ids ?? []) {
        state.pending.delete(id)
        state.cancelled.add(id)
      }
      send(message)
    }
    offerResumption()
  }

  function receive(raw: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      return fail(refuse('Invalid JSON payload received.'))
    }
    session!.live.push({ connection, apiVersion, from: 'client', message: parsed as Json })
    const message = messageKind(parsed)
    if ('code' in message) return fail(message)
    const { kind, body } = message
    if (!setUp && kind !== 'setup') return fail(refuse(`The first message must be setup, not ${kind}.`))
    switch (kind) {
      case 'setup': {
        if (setUp) return fail(refuse('setup was already sent on this connection.'))
        const problem = checkSetup(body)
        if (problem) return fail(problem)
        const resumption = body['sessionResumption'] as { handle?: string } | undefined
        if (resumption?.handle !== undefined && !state.handles.has(resumption.handle)) return fail(refuse('Invalid session resumption handle.'))
        resumable = resumption !== undefined
        setUp = true
        return send({ setupComplete: {} })
      }
      case 'clientContent': {
        const problem = checkClientContent(body) ?? checkNoUnansweredCalls(state, 'A new client turn')
        if (problem) return fail(problem)
        if (body['turnComplete'] === true) runStep('clientContent')
        return
      }
      case 'realtimeInput':
        // Realtime input may talk over a pending call: the script's next step then cancels it.
        if (typeof body['text'] === 'string' || body['activityEnd'] !== undefined || body['audioStreamEnd'] === true) runStep('realtimeInput')
        return
      case 'toolResponse': {
        const answered = checkToolResponse(body, state)
        if (!Array.isArray(answered)) return fail(answered)
        for (const id of answered) state.pending.delete(id)
        if (state.pending.size === 0) runStep('toolResponse')
        return
      }
      default:
        return
    }
  }

  ws.on('message', (data, isBinary) => {
    if (!open) return
    receive(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString())
  })
  ws.on('close', () => (open = false))
}
