/**
 * The README's "In your own Vite app", word for word, in a fresh app that
 * installed the packed tarball: `vite build` loads the plugin in plain Node,
 * `vite preview` serves the result, and Python runs in Chromium.
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { RunResult, RuntimeInfo } from '../../src/index.ts'
import { launchChromium } from '../e2e/browser.ts'
import { startPreview, userEnv, viteBin } from './consumer-env.ts'
import { consumerResult } from './page-result.ts'

const { app } = inject('consumer')
const dist = join(app, 'dist')
/** A string every build of @google/genai carries: the API's host. */
const GENAI_MARKER = 'generativelanguage.googleapis.com'

let preview: ChildProcess | undefined
let previewURL: string
let browser: Browser

beforeAll(async () => {
  execFileSync(process.execPath, [viteBin(app), 'build'], { cwd: app, env: userEnv(), stdio: ['ignore', 'ignore', 'inherit'] })
  ;({ child: preview, url: previewURL } = await startPreview({ app, root: app }))
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  preview?.kill()
})

describe('the packed package in a fresh Vite app', () => {
  it('builds the sandbox files and the headers file next to the app', () => {
    expect(existsSync(join(dist, 'sandbox-frame.html'))).toBe(true)
    expect(readdirSync(join(dist, 'python-sandbox'))).toEqual([expect.stringMatching(/^worker\.[\w-]+\.js$/)])
    expect(existsSync(join(dist, 'pyodide/pyodide.asm.wasm'))).toBe(true)
    expect(readFileSync(join(dist, '_headers'), 'utf8')).toContain('Cross-Origin-Embedder-Policy: require-corp')
    // The offline service worker precaches what Python needs to start.
    const serviceWorker = readFileSync(join(dist, 'sw.js'), 'utf8')
    for (const file of ['python-sandbox/worker.', 'pyodide/pyodide.asm.wasm', 'pyodide/python_stdlib.zip', 'sandbox-frame.html']) expect(serviceWorker).toContain(file)
  })

  it('leaves @google/genai out of an app that imports only PythonSandbox from the package root', () => {
    const genai = readdirSync(join(app, 'node_modules/@google/genai/dist/web')).filter((file) => file.endsWith('.mjs'))
    // The marker is real: the browser build of @google/genai carries it.
    expect(genai.some((file) => readFileSync(join(app, 'node_modules/@google/genai/dist/web', file), 'utf8').includes(GENAI_MARKER))).toBe(true)
    const scripts = readdirSync(join(dist, 'assets')).filter((file) => file.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(0)
    for (const file of scripts) expect(readFileSync(join(dist, 'assets', file), 'utf8'), file).not.toContain(GENAI_MARKER)
  })

  it('runs Python in Chromium through the public API, confined and interruptible', async () => {
    const page = await browser.newPage()
    try {
      await page.goto(previewURL)
      const result = await consumerResult<{ info: RuntimeInfo; first: RunResult; deadline: RunResult; after: RunResult; crossOriginIsolated: boolean }>(page)
      expect(result.crossOriginIsolated).toBe(true)
      expect(result.info).toMatchObject({ isolated: true, interruptible: true, pyodideVersion: '314.0.7' })
      expect(result.first).toMatchObject({ outcome: 'OUTCOME_OK', output: '{"answer": 42} 3\n' })
      expect(result.deadline.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
      expect(result.deadline.stateLost).toBeFalsy()
      expect(result.after).toMatchObject({ outcome: 'OUTCOME_OK', output: '42\n' })
    } finally {
      await page.close()
    }
  })
})
