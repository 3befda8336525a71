/** The local Gemini server rejects what the real API rejects. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startGeminiTestServer()
})
afterAll(() => server.close())

const tools = [{ functionDeclarations: [{ name: 'run_python', parameters: { type: 'OBJECT' } }] }]
const call = (id: string, signature?: string) => ({ functionCall: { id, name: 'run_python', args: { code: 'x' } }, ...(signature ? { thoughtSignature: signature } : {}) })
const answer = (id: string, extra: Record<string, unknown> = {}) => ({ functionResponse: { id, name: 'run_python', response: { output: '' }, ...extra } })

async function post(session: TestSession, model: string, body: unknown, apiKey: string | null = session.apiKey) {
  const response = await fetch(`${session.baseUrl}/v1beta/models/${model}:generateContent`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey !== null ? { 'x-goog-api-key': apiKey } : {}) },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as { error?: { code: number; status: string; message: string } } }
}

/** A session whose first model turn issued the signature `c2lnLXNlcS0x` for call `seq-1`. */
async function sessionWithIssuedSignature(): Promise<TestSession> {
  const session = await startSession(server.baseUrl, 'sequential')
  const first = await post(session, 'gemini-3-flash-preview', { contents: [{ role: 'user', parts: [{ text: 'go' }] }], tools })
  expect(first.status).toBe(200)
  return session
}

describe('strict Gemini test server', () => {
  test('a missing or unknown API key is refused like the real API', async () => {
    const session = await startSession(server.baseUrl, 'restore')
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }
    expect((await post(session, 'gemini-3-flash-preview', body, null)).status).toBe(403)
    const unknown = await post(session, 'gemini-3-flash-preview', body, 'nope')
    expect(unknown.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.' })
  })

  test('Gemini 3 rejects a function call turn without its thought signature', async () => {
    const session = await sessionWithIssuedSignature()
    const contents = [{ role: 'user', parts: [{ text: 'go' }] }, { role: 'model', parts: [call('seq-1')] }, { role: 'user', parts: [answer('seq-1')] }]
    const result = await post(session, 'gemini-3-flash-preview', { contents, tools })
    expect(result.status).toBe(400)
    expect(result.body.error!.message).toMatch(/missing a thought_signature/)
  })

  test('a signature moved to another part, or made up, is rejected; the documented placeholder is accepted', async () => {
    const session = await sessionWithIssuedSignature()
    const moved = [{ role: 'user', parts: [{ text: 'go' }] }, { role: 'model', parts: [call('other', 'c2lnLXNlcS0x')] }, { role: 'user', parts: [answer('other')] }]
    expect((await post(session, 'gemini-3-flash-preview', { contents: moved, tools })).body.error!.message).toMatch(/Corrupted thought signature/)
    const placeholder = [{ role: 'user', parts: [{ text: 'go' }] }, { role: 'model', parts: [call('seq-1', 'skip_thought_signature_validator')] }, { role: 'user', parts: [answer('seq-1')] }]
    expect((await post(session, 'gemini-3-flash-preview', { contents: placeholder, tools })).status).toBe(200)
  })

  test('functionResponse.parts is rejected on Gemini 2.x', async () => {
    const session = await startSession(server.baseUrl, 'images-2')
    const contents = [
      { role: 'user', parts: [{ text: 'go' }] },
      { role: 'model', parts: [{ functionCall: { name: 'run_python', args: { code: 'x' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'run_python', response: {}, parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }] } }] },
    ]
    const result = await post(session, 'gemini-2.5-flash', { contents, tools })
    expect(result.status).toBe(400)
    expect(result.body.error!.message).toMatch(/function_response.parts` is not supported/)
  })

  test('every call of a turn needs a response with the same id and name', async () => {
    const session = await startSession(server.baseUrl, 'parallel')
    const base = [{ role: 'user', parts: [{ text: 'go' }] }, { role: 'model', parts: [call('a', 'skip_thought_signature_validator'), call('b')] }]
    const missing = await post(session, 'gemini-3-flash-preview', { contents: [...base, { role: 'user', parts: [answer('a')] }], tools })
    expect(missing.body.error!.message).toMatch(/number of function response parts is equal to the number of function call parts/)
    const wrongId = await post(session, 'gemini-3-flash-preview', { contents: [...base, { role: 'user', parts: [answer('a'), answer('c')] }], tools })
    expect(wrongId.body.error!.message).toMatch(/call id b is missing/)
    const wrongName = await post(session, 'gemini-3-flash-preview', {
      contents: [...base, { role: 'user', parts: [answer('a'), { functionResponse: { id: 'b', name: 'other', response: {} } }] }],
      tools,
    })
    expect(wrongName.body.error!.message).toMatch(/does not match function call name/)
  })

  test('the built-in codeExecution tool is refused, so a passing test proves the broker replaced it', async () => {
    const session = await startSession(server.baseUrl, 'restore')
    const result = await post(session, 'gemini-3-flash-preview', { contents: [{ role: 'user', parts: [{ text: 'go' }] }], tools: [{ codeExecution: {} }] })
    expect(result.body.error!.message).toMatch(/codeExecution/)
  })

  test('streamGenerateContent answers with SSE data lines', async () => {
    const session = await startSession(server.baseUrl, 'sum-primes')
    const response = await fetch(`${session.baseUrl}/v1beta/models/gemini-3-flash-preview:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': session.apiKey },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'go' }] }], tools }),
    })
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const events = (await response.text()).split('\r\n\r\n').filter(Boolean)
    expect(events).toHaveLength(2)
    expect(events.every((event) => event.startsWith('data: '))).toBe(true)
  })
})
