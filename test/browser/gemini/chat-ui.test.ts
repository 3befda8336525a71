/** The demo chat against the strict local Gemini server, with code running in the real sandbox. */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { mountChat } from '../../../src/app/chat/index.ts'
import { checkBaseUrl, loadSettings } from '../../../src/app/chat/settings.ts'
import type { CodeExecutor, RunOptions } from '../../../src/executor.ts'
import { PythonSandbox } from '../../../src/sandbox/index.ts'
import { startSession } from '../../gemini-server/session.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox()
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

/** Records everything handed to the executor, to show the API key never goes there. */
class Recording implements CodeExecutor {
  readonly received: unknown[] = []
  run(code: string, options?: RunOptions) {
    this.received.push(code, JSON.stringify({ ...options, signal: undefined, onOutput: undefined }))
    return sandbox.run(code, options)
  }
}

function memoryStorage(entries: Record<string, string>): Storage {
  const map = new Map(Object.entries(entries))
  return {
    get length() {
      return map.size
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  }
}

test('a message shows the code, its output and the answer; the key stays out of the sandbox', async () => {
  const session = await startSession(`${location.origin}/gemini-api`, 'sum-primes')
  const storage = memoryStorage({ 'gemini-chat.api-key': session.apiKey, 'gemini-chat.base-url': session.baseUrl, 'gemini-chat.model': 'gemini-3-flash-preview' })
  const executor = new Recording()
  const container = document.createElement('div')
  document.body.append(container)
  const chat = mountChat(container, { storage, createSandbox: () => executor })
  try {
    container.querySelector('textarea')!.value = 'What is the sum of the first 50 prime numbers?'
    container.querySelector<HTMLFormElement>('.gc-form')!.requestSubmit()
    await expect.poll(() => container.querySelector('.gc-model .gc-text:last-child')?.textContent, { timeout: 60_000 }).toContain('5117')
    const answer = container.querySelector('.gc-model')!
    expect(answer.querySelector('.gc-code pre')!.textContent).toContain('sum(primes)')
    expect(answer.querySelector('.gc-output')!.textContent).toBe('50 5117\n')
    expect(executor.received.length).toBeGreaterThan(0)
    expect(executor.received.some((value) => String(value).includes(session.apiKey))).toBe(false)
    const requests = await session.requests()
    expect(requests.map((request) => request.method)).toEqual(['streamGenerateContent', 'streamGenerateContent'])
  } finally {
    chat.dispose()
    container.remove()
  }
})

test('settings default to a Gemini 3 Flash model, and the base URL must be https except on localhost', () => {
  expect(loadSettings(memoryStorage({})).model).toMatch(/^gemini-3(\.\d+)?-flash/)
  expect(checkBaseUrl('http://example.com')).toMatch(/https/)
  expect(checkBaseUrl('http://localhost:5173/gemini-api')).toBeUndefined()
  expect(checkBaseUrl('')).toBeUndefined()
})
