/**
 * Writes the offline service worker (`src/sw.ts`, Workbox's runtime modules)
 * after `vite build`, with a precache manifest of what the build wrote.
 *
 * `vite dev` and the vitest projects get no service worker: a cache there
 * would serve stale modules.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import type { Plugin, ResolvedConfig } from 'vite'
import { writeServiceWorker } from './sandbox-assets.ts'

/** Where the worker is written, relative to the base. */
export const SERVICE_WORKER_FILE = 'sw.js'

/** Everything Python needs to start; package files are cached when first used instead (they can add up to hundreds of MB). */
const PRECACHED = [/\.html$/, /^assets\/.+\.(?:js|css)$/, /^python-sandbox\/[^/]+\.js$/, /^pyodide\/[^/]+\.(?:mjs|wasm|zip|json)$/, /^packages\/pyodide-lock\.json$/]

/** The precache manifest: each file with a hash of its content, so a changed file is fetched again. */
export function precacheManifest(outDir: string): { url: string; revision: string }[] {
  const files = (readdirSync(outDir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
  return files
    .filter((file) => file !== SERVICE_WORKER_FILE && PRECACHED.some((pattern) => pattern.test(file)))
    .sort()
    .map((file) => ({ url: file, revision: createHash('sha256').update(readFileSync(join(outDir, file))).digest('hex').slice(0, 16) }))
}

export function serviceWorker(): Plugin {
  let config: ResolvedConfig
  return {
    name: 'pyodide-code-execution:service-worker',
    // Tells the app where the worker is, in builds only: src/app/offline.ts registers nothing when it is unset.
    // Not import.meta.env.PROD: a build run under vitest (the e2e setup) has NODE_ENV=test, which makes PROD false.
    config(userConfig, { command }) {
      if (command !== 'build') return
      return { define: { 'import.meta.env.SERVICE_WORKER_URL': JSON.stringify(`${userConfig.base ?? '/'}${SERVICE_WORKER_FILE}`) } }
    },
    configResolved(resolved) {
      config = resolved
    },
    async closeBundle() {
      if (config.command !== 'build' || config.build.ssr) return
      const outDir = resolve(config.root, config.build.outDir)
      await writeServiceWorker(outDir, SERVICE_WORKER_FILE)
      const path = join(outDir, SERVICE_WORKER_FILE)
      const source = readFileSync(path, 'utf8')
      if (!source.includes('self.__WB_MANIFEST')) throw new Error(`${path} has no self.__WB_MANIFEST to fill in`)
      writeFileSync(path, source.replace('self.__WB_MANIFEST', JSON.stringify(precacheManifest(outDir))))
    },
  }
}
