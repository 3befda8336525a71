/** Running the consumer app's own tools as its developer would: from its folder, without this test run's environment. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

/** The environment minus what Vitest sets (NODE_ENV=test would make `vite build` a development build). */
export function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(name)))
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }
}

export function viteBin(app: string): string {
  return join(app, 'node_modules/vite/bin/vite.js')
}

/** The repository's TypeScript: the consumer type-checks with it rather than installing its own. */
export const TSC = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname

/** What `tsc` reports for the app's `typed.ts` under `tsconfig.<resolution>.json`: empty when it type-checks. */
export function typeCheck(app: string, resolution: 'bundler' | 'node16'): string {
  try {
    execFileSync(process.execPath, [TSC, '-p', join(app, `tsconfig.${resolution}.json`)], { cwd: app, encoding: 'utf8', stdio: 'pipe' })
    return ''
  } catch (error) {
    return `${(error as { stdout?: string }).stdout ?? ''}${(error as Error).message}`
  }
}

/** `vite preview` of the app built in `root` (using `app`'s Vite), once it listens on a free port. */
export async function startPreview(params: { app: string; root: string; env?: NodeJS.ProcessEnv }): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [viteBin(params.app), 'preview', '--host', '127.0.0.1', '--port', '0'], { cwd: params.root, env: { ...userEnv(), ...params.env } })
  return { url: await servedURL(child), child }
}

/** The URL `vite preview` prints once it listens (it chose a free port). */
function servedURL(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let printed = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString()
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed)?.[0]
      if (url) resolve(url)
    })
    child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`vite preview exited (${code}) before serving:\n${printed}`)))
  })
}
