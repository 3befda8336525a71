/**
 * Builds the app once for the end-to-end tests and serves it with `vite preview`,
 * headers and all, exactly as the README tells users to.
 */
import { build, preview, type PreviewServer } from 'vite'
import type { TestProject } from 'vitest/node'

let server: PreviewServer | undefined

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Vitest runs with NODE_ENV=test, which would make this a development-flavoured build: test what users deploy.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ logLevel: 'warn', build: { outDir: 'dist' } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  server = await preview({ logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', strictPort: false } })
  project.provide('appURL', server.resolvedUrls!.local[0]!)
  return async () => {
    await server?.close()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where `vite preview` serves the built app. */
    appURL: string
  }
}
