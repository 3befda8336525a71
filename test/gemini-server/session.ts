/**
 * Test-side helpers for the Gemini test server: open a session for a script,
 * and read back what the "model" received. Works in Node and in the browser.
 */
import type { RecordedRequest } from './handler.ts'
import type { LiveRecord } from './live.ts'

export interface TestSession {
  /** The `httpOptions.baseUrl` for `GoogleGenAI`. */
  baseUrl: string
  /** The API key that selects this session's script. */
  apiKey: string
  /** Every request the server received in this session, in order. */
  requests(): Promise<RecordedRequest[]>
  /** Every Live API message of this session, both ways, in order (live.ts). */
  liveMessages(): Promise<LiveRecord[]>
}

export async function startSession(baseUrl: string, script: string): Promise<TestSession> {
  const response = await fetch(`${baseUrl}/__test/sessions`, { method: 'POST', body: JSON.stringify({ script }) })
  if (!response.ok) throw new Error(`could not start session for ${script}: ${response.status} ${await response.text()}`)
  const { apiKey } = (await response.json()) as { apiKey: string }
  return {
    baseUrl,
    apiKey,
    async requests() {
      const answer = await fetch(`${baseUrl}/__test/sessions/${encodeURIComponent(apiKey)}`)
      return ((await answer.json()) as { requests: RecordedRequest[] }).requests
    },
    async liveMessages() {
      const answer = await fetch(`${baseUrl}/__test/sessions/${encodeURIComponent(apiKey)}`)
      return ((await answer.json()) as { live: LiveRecord[] }).live
    },
  }
}
