/**
 * The packed broker in a fresh Vite app, with each major of @google/genai the
 * package supports: the app already has the SDK (`latest`, as a new app gets
 * it, and 2.32), the tarball goes in plainly, `vite build` bundles the app's
 * SDK with the broker, and in Chromium the seeds sample asks the strict local
 * Gemini server, runs the model's code in Python and gets 5117 back.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { startSession } from '../gemini-server/session.ts'
import { startGeminiTestServer, type RunningServer } from '../gemini-server/standalone.ts'
import { launchChromium } from '../e2e/browser.ts'
import { startPreview, typeCheck, userEnv, viteBin } from './consumer-env.ts'
import { consumerResult } from './page-result.ts'
import { createConsumerApp } from './setup.ts'

const { app: latestApp, tarball } = inject('consumer')
let work: string
let server: RunningServer
let browser: Browser
const previews: ChildProcess[] = []

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pyodide-code-execution-genai-2-'))
  createConsumerApp({ dir: join(work, 'app'), tarball, genai: '~2.32.0' })
  server = await startGeminiTestServer()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  for (const preview of previews) preview.kill()
  await server?.close()
  rmSync(work, { recursive: true, force: true })
})

const sdkVersion = (app: string) => (JSON.parse(readFileSync(join(app, 'node_modules/@google/genai/package.json'), 'utf8')) as { version: string }).version

describe.each([
  { name: '@google/genai@latest', app: () => latestApp, major: /^3\./, apiVersion: 'v1' },
  { name: '@google/genai@~2.32.0', app: () => join(work, 'app'), major: /^2\.32\./, apiVersion: 'v1beta' },
])('the packed broker in an app that already had $name', ({ app: appDir, major, apiVersion }) => {
  it('installs beside that SDK, builds, and in Chromium gets 5117 back from a broker round trip: Python computed it, the model read it', async () => {
    const app = appDir()
    expect(sdkVersion(app)).toMatch(major)
    const root = join(app, 'broker')
    execFileSync(process.execPath, [viteBin(app), 'build'], { cwd: root, env: userEnv(), stdio: ['ignore', 'ignore', 'inherit'] })
    const preview = await startPreview({ app, root, env: { GEMINI_TEST_SERVER: server.baseUrl } })
    previews.push(preview.child)
    const session = await startSession(server.baseUrl, 'sum-primes')
    const page = await browser.newPage()
    try {
      await page.goto(`${preview.url}?key=${encodeURIComponent(session.apiKey)}`)
      const result = await consumerResult<{ codeExecutionResult: string | undefined; answer: string; finishReason: string | undefined }>(page)
      expect(result).toEqual({ codeExecutionResult: '50 5117\n', answer: 'The sum of the first 50 prime numbers is 5117.', finishReason: 'STOP' })
      const requests = await session.requests()
      expect(requests.map((request) => [request.apiVersion, request.status])).toEqual([[apiVersion, 200], [apiVersion, 200]])
      // What the model read back is the sandbox's own output.
      const answered = (requests[1]!.body['contents'] as { parts: { functionResponse?: { response: unknown } }[] }[]).at(-1)!.parts[0]!.functionResponse
      expect(answered?.response).toEqual({ outcome: 'OUTCOME_OK', output: '50 5117\n' })
    } finally {
      await page.close()
    }
  })
})

// With @google/genai@latest, package-contents.test.ts type-checks the same file.
it.each(['bundler', 'node16'] as const)('the declarations type-check a user file against @google/genai 2.32 too, under moduleResolution %s', (resolution) => {
  expect(typeCheck(join(work, 'app'), resolution)).toBe('')
})
