/**
 * Packs the package as `npm publish` would (`prepack` builds it) and installs
 * the tarball into a fresh app in a temporary folder, outside this repository
 * so that nothing resolves from our own node_modules. The tests then use that
 * app as a user would. Installs come from the local npm cache when it has them.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

const REPO = new URL('../../', import.meta.url).pathname
const installedVersion = (name: string) => (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

/**
 * A fresh copy of the consumer app in `dir` that already has `@google/genai@<genai>`
 * (and this repository's Vite), as an app on Gemini has before it adds the package;
 * then the tarball, installed plainly: no `--force`, no `--legacy-peer-deps`, so a
 * peer range that leaves that SDK out fails here as it would for a user.
 */
export function createConsumerApp(params: { dir: string; tarball: string; genai: string }): void {
  const { dir } = params
  cpSync(join(REPO, 'test/package/consumer'), dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2))
  const install = (...specs: string[]) =>
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
  install(`@google/genai@${params.genai}`, `vite@${installedVersion('vite')}`)
  install(params.tarball)
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'pyodide-code-execution-consumer-'))
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as [{ filename: string; size: number; files: { path: string }[] }]
  const tarball = join(work, pack.filename)

  const app = join(work, 'app')
  // The SDK a new app gets today.
  createConsumerApp({ dir: app, tarball, genai: 'latest' })
  project.provide('consumer', { app, tarball, packedFiles: pack.files.map((file) => file.path) })
  return () => rmSync(work, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh app with the packed tarball installed, and what the tarball holds. */
    consumer: { app: string; tarball: string; packedFiles: string[] }
  }
}
