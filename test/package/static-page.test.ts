/**
 * Other bundlers and plain pages: `npx pyodide-code-execution copy-assets <dir>`
 * writes the sandbox's files (here into a folder the site serves at
 * `/python/`), a static server sends the headers of the `_headers` file it
 * wrote, and a page without a bundler (an import map for the package and
 * comlink, nothing for @google/genai) runs Python with a library that the
 * package's `vendor` command put into the mirror.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { RunResult, RuntimeInfo } from '../../src/index.ts'
import { launchChromium } from '../e2e/browser.ts'
import { userEnv } from './consumer-env.ts'
import { consumerResult } from './page-result.ts'
import { serveStatic } from './static-server.ts'

const { app } = inject('consumer')
const WHEEL_CACHE = new URL('../../.cache/wheels', import.meta.url).pathname
let site: string
let files: string
let server: Server | undefined
let siteURL: string
let browser: Browser
let printed: string

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'pyodide-code-execution-site-'))
  files = join(site, 'python')
  printed = execFileSync('npx', ['--no', 'pyodide-code-execution', 'copy-assets', files, '--base', '/python/'], { cwd: app, env: userEnv(), encoding: 'utf8' })
  // A small real mirror, from PyPI through the package's own `vendor` (the download cache is the test mirrors').
  execFileSync('npx', ['--no', 'pyodide-code-execution', 'vendor', join(files, 'packages'), '--only', 'six', '--cache-dir', WHEEL_CACHE], { cwd: app, env: userEnv(), stdio: 'pipe' })
  copyFileSync(join(app, 'static/index.html'), join(files, 'index.html'))
  ;({ server, url: siteURL } = await serveStatic({ '/node_modules/': join(app, 'node_modules'), '/': site }, join(files, '_headers')))
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  server?.close()
  rmSync(site, { recursive: true, force: true })
})

describe('copy-assets and a plain static page', () => {
  it('writes the Pyodide core, the frame page, the worker and the headers file, and says so', () => {
    for (const file of ['pyodide/pyodide.mjs', 'pyodide/pyodide.asm.wasm', 'pyodide/python_stdlib.zip', 'pyodide/pyodide-lock.json', 'sandbox-frame.html', '_headers']) {
      expect(existsSync(join(files, file)), file).toBe(true)
      expect(printed).toContain(file)
    }
    expect(readdirSync(join(files, 'python-sandbox'))).toEqual([expect.stringMatching(/^worker\.[\w-]+\.js$/)])
    const headers = readFileSync(join(files, '_headers'), 'utf8')
    expect(headers).toMatch(/^\/python\/\*\n {2}Cross-Origin-Opener-Policy: same-origin\n {2}Cross-Origin-Embedder-Policy: require-corp$/m)
    expect(headers).toMatch(/^\/python\/sandbox-frame\.html\n {2}Content-Security-Policy: default-src 'none'; script-src 'self' 'sha256-/m)
  })

  it("vendors with the wheels' bytecode bundles, compiled by the app's own Pyodide in Node", () => {
    const mirror = JSON.parse(readFileSync(join(files, 'packages', 'pyodide-lock.json'), 'utf8')) as { packages: Record<string, { bytecode?: { file_name: string } }> }
    const bundle = mirror.packages.six?.bytecode?.file_name
    expect(bundle).toMatch(/^six-.+\.whl\.pyc-bundle$/)
    expect(existsSync(join(files, 'packages', bundle!))).toBe(true)
  })

  it('refuses a call without a folder, with its usage', () => {
    let failure: { status?: number; stderr?: string } = {}
    try {
      execFileSync('npx', ['--no', 'pyodide-code-execution', 'copy-assets'], { cwd: app, env: userEnv(), encoding: 'utf8', stdio: 'pipe' })
    } catch (error) {
      failure = error as typeof failure
    }
    expect(failure.status).toBe(2)
    expect(failure.stderr).toContain('pyodide-code-execution copy-assets <dir>')
  })

  it('runs Python and a vendored library on a page with no bundler and no @google/genai, from files under another path', async () => {
    const page = await browser.newPage()
    try {
      await page.goto(`${siteURL}python/`)
      const result = await consumerResult<{ info: RuntimeInfo; result: RunResult; crossOriginIsolated: boolean }>(page)
      expect(result.crossOriginIsolated).toBe(true)
      expect(result.info).toMatchObject({ isolated: true, interruptible: true, packageMirror: true })
      expect(result.result).toMatchObject({ outcome: 'OUTCOME_OK', output: '2.5 six\n' })
    } finally {
      await page.close()
    }
  })
})
