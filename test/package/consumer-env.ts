/** Running the consumer app's own tools as its developer would: from its folder, without this test run's environment. */
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
