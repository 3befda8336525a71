/**
 * The broker under test as an app would hold it: the real `@google/genai`
 * client, pointed at a session of the strict local Gemini server, wrapped by
 * `withLocalCodeExecution` with a fake executor that records what it ran.
 */
import { GoogleGenAI } from '@google/genai'
import { afterAll, beforeAll } from 'vitest'
import { withLocalCodeExecution, type CodeExecutionEvent, type LocalCodeExecutionOptions } from '../../../src/gemini/index.ts'
import { startSession } from '../../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../../gemini-server/standalone.ts'
import { FakeExecutor } from './fake-executor.ts'

/**
 * Starts one strict server for the test file, and returns how to open a client on a scripted session
 * (`test/fixtures/gemini/<script>.json`). Retries wait 1 ms; the executor is `options.sandbox`, `options.createSandbox`'s, or
 * a new `FakeExecutor`; `events` collects what `onEvent` reports.
 */
export function strictClients() {
  let server: RunningServer
  beforeAll(async () => {
    server = await startGeminiTestServer()
  })
  afterAll(() => server.close())

  return async function open(script: string, options: Partial<LocalCodeExecutionOptions> = {}) {
    const session = await startSession(server.baseUrl, script)
    const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
    // A test that brings its own executor, or a factory for them, keeps it.
    const executor = (options.sandbox as FakeExecutor | undefined) ?? new FakeExecutor()
    const sandbox = options.createSandbox ? {} : { sandbox: executor }
    const events: CodeExecutionEvent[] = []
    const local = withLocalCodeExecution(ai, { ...sandbox, retry: { initialDelayMs: 1 }, onEvent: (event) => events.push(event), ...options })
    return { session, ai, local, executor, events }
  }
}
