import { commands } from 'vitest/browser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createModuleWorkerHost, PythonSandbox, type RuntimeInfo, type SandboxState } from '../../../src/index.ts'
import { storeAppData, TEST_API_KEY } from './app-data.ts'
import { ESCAPE_CORPUS, type EscapeTargets } from './escape-corpus.ts'
import { APP_SECRET, REDIRECTING_PACKAGE_PATH } from '../../observer/app-endpoints.ts'

let sandbox: PythonSandbox
let info: RuntimeInfo
let targets: EscapeTargets
const states: SandboxState[] = []
const forgedOutput: string[] = []
const lateLoadEvents: string[] = []
const broadcasts: unknown[] = []
const channel = new BroadcastChannel('pyodide-code-execution')
channel.onmessage = (event) => broadcasts.push(event.data)

/** Lets requests an attempt started in the background (a beacon, a worker's fetch) reach the observer before it is asked. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

beforeAll(async () => {
  await storeAppData()
  const observer = await commands.observerUrl()
  targets = {
    observer,
    app: location.origin,
    appEndpoint: `${location.origin}/api/secret`,
    proxy: `${location.origin}/api/gemini-proxy/`,
    apiKey: TEST_API_KEY,
    // The sandbox's defaults: the Pyodide core and the package folder under the app's base.
    indexURL: `${location.origin}/pyodide/`,
    packagesURL: `${location.origin}/packages/`,
    redirectingFile: `${location.origin}${REDIRECTING_PACKAGE_PATH}`,
  }
  localStorage.setItem('gemini-chat.base-url', targets.proxy)
  sandbox = new PythonSandbox({ timeoutMs: 20_000 })
  info = await sandbox.ready()
  sandbox.on('state', (state) => states.push(state))
  sandbox.on('load', ({ stage }) => lateLoadEvents.push(stage))
  sandbox.on('output', ({ text }) => {
    if (text.includes('FORGED-EVENT')) forgedOutput.push(text)
  })
})
afterAll(() => {
  sandbox?.dispose()
  channel.close()
})

describe('the sandbox frame', () => {
  test('reports itself isolated: opaque origin, policy in force, requests narrowed', () => {
    expect(info.isolated).toBe(true)
  })

  test('control: an unconfined same-origin worker does reach the observer, so the corpus can see an escape', async () => {
    const unconfined = new PythonSandbox({ createHost: createModuleWorkerHost })
    await commands.observerClear()
    const result = await unconfined.run(ESCAPE_CORPUS[0]!.code(targets))
    unconfined.dispose()
    expect(result.output).toMatch(/^ESCAPED: status 200/m)
    await settle()
    expect(await commands.observerContacts()).toContainEqual({ kind: 'request', method: 'GET', url: '/fetch' })
  })

  test('the corpus holds at least 25 distinct attempts', () => {
    expect(new Set(ESCAPE_CORPUS.map((attempt) => attempt.vector)).size).toBeGreaterThanOrEqual(25)
  })
})

describe('an escape attempt fails in Python and reaches nobody', () => {
  for (const attempt of ESCAPE_CORPUS) {
    test(attempt.vector, async () => {
      await commands.observerClear()
      for (const seen of [states, forgedOutput, lateLoadEvents, broadcasts]) seen.splice(0)
      const result = await sandbox.run(attempt.code(targets))
      expect(result.outcome, result.output).toBe('OUTCOME_OK')
      expect(result.output).toMatch(/^BLOCKED: /m)
      expect(result.output).not.toContain('ESCAPED')
      expect(result.output).not.toContain(TEST_API_KEY)
      expect(result.output).not.toContain(APP_SECRET)
      await settle()
      expect(await commands.observerContacts()).toEqual([])
      expect(broadcasts).toEqual([])
      expect(forgedOutput).toEqual([])
      expect(lateLoadEvents).toEqual([])
      expect(states).not.toContain('restarting')
    })
  }
})
