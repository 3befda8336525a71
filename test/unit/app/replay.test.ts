import type { Content } from '@google/genai'
import { describe, expect, test } from 'vitest'
import type { Recording } from '../../../src/app/chat/recordings.ts'
import { REPLAY_BASE_URL, replayFetch } from '../../../src/app/chat/replay.ts'

const recording: Recording = {
  id: 'test',
  title: 'Test',
  summary: '',
  needs: ['sympy'],
  message: { text: 'Hi' },
  turns: [
    { parts: [{ functionCall: { id: 'c1', name: 'run_python', args: { code: 'print(1)' } } }] },
    { parts: [{ text: 'Done.' }] },
  ],
}

const URL_GENERATE = `${REPLAY_BASE_URL}/v1beta/models/replay:generateContent`

async function ask(contents: Content[]): Promise<{ status: number; body: any }> {
  const response = await replayFetch(recording)(URL_GENERATE, { method: 'POST', body: JSON.stringify({ contents }) })
  return { status: response.status, body: await response.json() }
}

const user: Content = { role: 'user', parts: [{ text: 'Hi' }] }
const call: Content = { role: 'model', parts: recording.turns[0]!.parts }
const answered = (outcome: string): Content => ({
  role: 'user',
  parts: [
    { functionResponse: { id: 'c1', name: 'run_python', response: { outcome, output: 'ModuleNotFoundError: sympy\n' } } },
    // Images of a run ride along as inline data after the responses, on models without multimodal function responses.
    { inlineData: { mimeType: 'image/png', data: 'iVBOR' } },
  ],
})

describe('the recorded transport', () => {
  test('answers each request with the turn that follows the model turns already sent', async () => {
    expect((await ask([user])).body.candidates[0].content.parts).toEqual(recording.turns[0]!.parts)
    expect((await ask([user, call, answered('OUTCOME_OK')])).body.candidates[0].content.parts).toEqual([{ text: 'Done.' }])
  })

  test('stops with a clear error when the code failed here, naming what the recording needs', async () => {
    const { status, body } = await ask([user, call, answered('OUTCOME_FAILED')])
    expect(status).toBe(400)
    expect(body.error.message).toMatch(/^The replay stops here: .*It needs sympy, which this app serves only from the full library mirror/)
  })

  test('says so when the recording has no more turns', async () => {
    const { body } = await ask([user, call, answered('OUTCOME_OK'), call, answered('OUTCOME_OK')])
    expect(body.error.message).toMatch(/no further turns/)
  })

  test('streams text in pieces as server-sent events', async () => {
    const response = await replayFetch({ ...recording, turns: [{ parts: [{ text: 'one two three four five six seven eight nine ten eleven twelve' }] }] })(
      `${REPLAY_BASE_URL}/v1beta/models/replay:streamGenerateContent?alt=sse`,
      { method: 'POST', body: JSON.stringify({ contents: [user] }) },
    )
    const events = (await response.text()).split('\r\n\r\n').filter(Boolean)
    expect(events.length).toBe(3)
    expect(events.map((event) => JSON.parse(event.slice('data: '.length)).candidates[0].content.parts[0].text).join('')).toBe(
      'one two three four five six seven eight nine ten eleven twelve',
    )
  })
})
