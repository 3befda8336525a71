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

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'pyodide-code-execution-consumer-'))
  const [pack] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as [{ filename: string; size: number; files: { path: string }[] }]
  const tarball = join(work, pack.filename)

  const app = join(work, 'app')
  cpSync(join(REPO, 'test/package/consumer'), app, { recursive: true })
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }, null, 2))
  // The same Vite and @google/genai as this repository's, so the cache that installed ours has them.
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball, `vite@${installedVersion('vite')}`, `@google/genai@${installedVersion('@google/genai')}`],
    { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  project.provide('consumer', { app, tarball, packedFiles: pack.files.map((file) => file.path) })
  return () => rmSync(work, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh app with the packed tarball installed, and what the tarball holds. */
    consumer: { app: string; tarball: string; packedFiles: string[] }
  }
}
