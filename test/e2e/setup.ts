/**
 * Builds the app once for the end-to-end tests and serves it with `vite preview`,
 * headers and all, exactly as the README tells users to.
 */
import { build, preview, type PreviewServer } from 'vite'
import type { TestProject } from 'vitest/node'
import { vendor } from '../../scripts/vendor/run.mjs'
import { E2E_MIRROR_LIBRARIES, E2E_PUBLIC_DIR } from './paths.ts'

const quietReporter = { start() {}, packageStart() {}, bytes() {}, packageDone() {}, finish() {} }

interface SharedApp {
  served: Promise<PreviewServer>
  projects: number
}

/**
 * The e2e projects (one per browser) share one build and one preview server:
 * Vitest runs their global setups one after another in one process, so the
 * first makes the app and the last to finish closes it.
 */
const SHARED_APP = Symbol.for('pyodide-code-execution:e2e-app')
const holder = globalThis as typeof globalThis & { [SHARED_APP]?: SharedApp }

async function buildAndServe(): Promise<PreviewServer> {
  // No bytecode bundles: compiling them starts Pyodide in Node before any test can run, and the browser
  // projects and the package test already load bundles through the same frame, relay and build.
  const vendored = await vendor({ only: E2E_MIRROR_LIBRARIES, out: `${E2E_PUBLIC_DIR}/packages`, bytecode: false }, quietReporter)
  if (vendored.exitCode !== 0) throw new Error(`Could not vendor ${E2E_MIRROR_LIBRARIES.join(', ')} from PyPI for the e2e build`)
  // Vitest runs with NODE_ENV=test, which would make this a development-flavoured build: test what users deploy.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ logLevel: 'warn', publicDir: E2E_PUBLIC_DIR, build: { outDir: 'dist' } })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  return preview({ logLevel: 'warn', preview: { port: 0, host: '127.0.0.1', strictPort: false } })
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[SHARED_APP] ??= { served: buildAndServe(), projects: 0 })
  shared.projects++
  const server = await shared.served
  project.provide('appURL', server.resolvedUrls!.local[0]!)
  return async () => {
    if (--shared.projects > 0) return
    delete holder[SHARED_APP]
    await server.close()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where `vite preview` serves the built app. */
    appURL: string
  }
}
