/** The local Live server refuses what the real BidiGenerateContent endpoint would, by closing with a reason. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WebSocket } from 'ws'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startGeminiTestServer()
})
afterAll(() => server.close())

type Json = Record<string, unknown>
const PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent'
const declaration = { name: 'run_python', description: 'Runs Python.', parameters: { type: 'OBJECT', properties: { code: { type: 'STRING' } } } }
const setup = (extra: Json = {}) => ({ setup: { model: 'models/gemini-live-2.5-flash-preview', generationConfig: { responseModalities: ['TEXT'] }, tools: [{ functionDeclarations: [declaration] }], ...extra } })
const turn = (text: string) => ({ clientContent: { turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true } })
const answer = (id: string, name = 'run_python') => ({ toolResponse: { functionResponses: [{ id, name, response: { output: '' } }] } })

/** A raw client: sends the messages in order, each after the server's previous answer settled, and collects what comes back. */
class Client {
  readonly received: Json[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  private readonly socket: WebSocket
  private readonly opened: Promise<void>
  private waiting: Array<{ check: () => boolean; resolve: () => void }> = []

  constructor(session: TestSession, key: string | null = session.apiKey) {
    this.socket = new WebSocket(`${session.baseUrl.replace('http', 'ws')}${PATH}${key !== null ? `?key=${key}` : ''}`)
    this.opened = new Promise((resolve) => this.socket.once('open', () => resolve()))
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
    this.socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Json)
      this.waiting = this.waiting.filter((entry) => (entry.check() ? (entry.resolve(), false) : true))
    })
  }

  async send(message: Json): Promise<void> {
    await this.opened
    this.socket.send(JSON.stringify(message))
  }

  /** Resolves once a message with `key` has arrived `count` times. */
  until(key: string, count = 1): Promise<void> {
    const check = () => this.received.filter((message) => key in message).length >= count
    return check() ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ check, resolve }))
  }

  close(): void {
    this.socket.close()
  }
}

async function connected(script: string, extra: Json = {}): Promise<{ session: TestSession; client: Client }> {
  const session = await startSession(server.baseUrl, script)
  const client = new Client(session)
  await client.send(setup(extra))
  await client.until('setupComplete')
  return { session, client }
}

describe('strict Live test server', () => {
  test('a missing or unknown API key ends the connection with 1008', async () => {
    const session = await startSession(server.baseUrl, 'live-primes')
    expect(await new Client(session, null).closed).toEqual({ code: 1008, reason: 'API key not valid. Please pass a valid API key.' })
    expect(await new Client(session, 'nope').closed).toMatchObject({ code: 1008 })
  })

  test('the first message must be setup, with a Gemini model and text responses', async () => {
    const session = await startSession(server.baseUrl, 'live-primes')
    const early = new Client(session)
    await early.send(turn('hi'))
    expect(await early.closed).toEqual({ code: 1007, reason: 'The first message must be setup, not clientContent.' })
    const audio = new Client(session)
    await audio.send(setup({ generationConfig: { responseModalities: ['AUDIO'] } }))
    expect((await audio.closed).reason).toMatch(/text only/)
    const unknown = new Client(session)
    await unknown.send({ setup: setup()['setup'], extra: {} })
    expect((await unknown.closed).reason).toBe('Invalid JSON payload received. Unknown name "extra": Cannot find field.')
  })

  test('the built-in code-execution tool is refused in setup', async () => {
    const session = await startSession(server.baseUrl, 'live-primes')
    const client = new Client(session)
    await client.send(setup({ tools: [{ codeExecution: {} }] }))
    expect(await client.closed).toEqual({ code: 1007, reason: 'Refused: setup.tools has the built-in codeExecution tool; the code must run on the device.' })
  })

  test('a function response must match a pending call by id and name', async () => {
    for (const [response, reason] of [
      [answer('live-call-9'), 'Function response id "live-call-9" matches no pending call.'],
      [answer('live-call-1', 'other'), 'Function response "live-call-1" is named "other", the call was run_python.'],
      [{ toolResponse: { functionResponses: [{ name: 'run_python', response: {} }] } }, 'function_responses[0] has no id.'],
    ] as const) {
      const { client } = await connected('live-primes')
      await client.send(turn('go'))
      await client.until('toolCall')
      await client.send(response)
      expect(await client.closed).toEqual({ code: 1007, reason })
    }
  })

  test('a new turn while a call is unanswered is refused; the answer lets the turn go on', async () => {
    const { client } = await connected('live-primes')
    await client.send(turn('go'))
    await client.until('toolCall')
    await client.send(turn('and another thing'))
    expect(await client.closed).toEqual({ code: 1007, reason: 'A new client turn while function calls are unanswered: live-call-1.' })

    const { client: careful } = await connected('live-primes')
    await careful.send(turn('go'))
    await careful.until('toolCall')
    await careful.send(answer('live-call-1'))
    await careful.until('serverContent', 3)
    expect(careful.received.at(-1)).toEqual({ serverContent: { turnComplete: true } })
    careful.close()
  })

  test('a cancelled call must not be answered', async () => {
    const { client } = await connected('live-cancel')
    await client.send(turn('loop'))
    await client.until('toolCall')
    await client.send({ realtimeInput: { text: 'stop' } })
    await client.until('toolCallCancellation')
    await client.send(answer('slow-1'))
    expect(await client.closed).toEqual({ code: 1007, reason: 'Function response for cancelled call "slow-1".' })
  })

  test('resumption: handles after each step, a new connection continues the script, an unknown handle is refused', async () => {
    const { session, client } = await connected('live-resume', { sessionResumption: {} })
    await client.send(turn('x = 21'))
    await client.until('toolCall')
    expect(client.received.at(-1)).toEqual({ sessionResumptionUpdate: { newHandle: 'handle-1-1', resumable: false } })
    await client.send(answer('resume-1'))
    expect(await client.closed).toEqual({ code: 1000, reason: 'going away' })
    expect(client.received.slice(-2)).toEqual([{ goAway: { timeLeft: '0s' } }, { sessionResumptionUpdate: { newHandle: 'handle-1-2', resumable: true } }])

    const stranger = new Client(session)
    await stranger.send(setup({ sessionResumption: { handle: 'handle-9-9' } }))
    expect(await stranger.closed).toEqual({ code: 1007, reason: 'Invalid session resumption handle.' })
    const resumed = new Client(session)
    await resumed.send(setup({ sessionResumption: { handle: 'handle-1-2' } }))
    await resumed.send(turn('double x'))
    await resumed.until('toolCall')
    expect(resumed.received.find((message) => 'toolCall' in message)).toMatchObject({ toolCall: { functionCalls: [{ id: 'resume-2' }] } })
    resumed.close()
  })

  test('every message is recorded, both ways, by connection', async () => {
    const { session, client } = await connected('live-primes')
    await client.send(turn('go'))
    await client.until('toolCall')
    client.close()
    const records = await session.liveMessages()
    expect(records.map((record) => `${record.connection} ${record.from} ${Object.keys(record.message)[0]}`)).toEqual([
      '1 client setup',
      '1 server setupComplete',
      '1 client clientContent',
      '1 server serverContent',
      '1 server toolCall',
    ])
  })
})
