/**
 * What the tarball holds and how its entry points load: built JavaScript and
 * declarations only, a Vite plugin that plain Node 20 imports, declarations
 * that type-check a user's code under both module resolutions TypeScript
 * users pick, and a package.json that publint accepts.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { publint } from 'publint'
import { describe, expect, inject, it } from 'vitest'
import { typeCheck, userEnv } from './consumer-env.ts'

const { app, tarball, packedFiles } = inject('consumer')
const REPO_BIN = new URL('../../node_modules/.bin/', import.meta.url).pathname

describe('the packed package', () => {
  it('holds built JavaScript, declarations and docs, not sources or tests', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', 'lib/index.js', 'lib/sandbox-api.js', 'lib/node/vite.js', 'lib/node/cli.js', 'lib/types/src/index.d.ts']))
    const stray = packedFiles.filter((file) => !/^(lib\/|docs\/[\w-]+\.md$|package\.json$|README\.md$)/.test(file))
    expect(stray).toEqual([])
    expect(packedFiles.filter((file) => file.startsWith('lib/') && /\.ts$/.test(file) && !/\.d\.m?ts$/.test(file))).toEqual([])
  })

  it('has a Vite plugin that plain Node loads, with no TypeScript loader', () => {
    const script = "const { pyodideCodeExecution } = await import('pyodide-code-execution/vite'); console.log(pyodideCodeExecution().map((plugin) => plugin.name).join(' '))"
    const names = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env: userEnv(), encoding: 'utf8' })
    expect(names.trim().split(' ')).toContain('pyodide-code-execution:sandbox-frame')
  })

  it.each(['bundler', 'node16'] as const)('type-checks a user file under moduleResolution %s', (resolution) => {
    expect(typeCheck(app, resolution)).toBe('')
  })

  it("is configured in the consumer app exactly as the README's Vite section says", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### In your own Vite app'), readme.indexOf('### Other bundlers'))
    const config = /```ts\n(\/\/ vite\.config\.ts\n[^`]+)```/.exec(section)?.[1]
    expect(config).toBe(readFileSync(join(app, 'vite.config.ts'), 'utf8'))
  })

  it('passes Are the Types Wrong for ES module users: node16 and bundler resolution', () => {
    // esm-only: the package has no CommonJS build, so node10 and require() resolutions are not asked for.
    const report = execFileSync(join(REPO_BIN, 'attw'), [tarball, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8', stdio: 'pipe' })
    const { analysis } = JSON.parse(report) as { analysis: { problems: { kind: string; entrypoint: string; resolutionKind: string }[]; entrypoints: object } }
    expect(Object.keys(analysis.entrypoints)).toEqual(['.', './sandbox', './vite', './package.json'])
    expect(analysis.problems.filter((problem) => problem.resolutionKind === 'node16-esm' || problem.resolutionKind === 'bundler')).toEqual([])
  })

  it('passes publint', async () => {
    const data = readFileSync(tarball)
    const { messages } = await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion', strict: true })
    expect(messages).toEqual([])
  })
})
