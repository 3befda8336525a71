/**
 * The sandbox's own files in the published package: prebuilt by
 * `scripts/build-package.mjs`, which puts this module in place of
 * `sandbox-assets.ts` and fills in the worker's file name.
 *
 * This file is bundled into `lib/node/`, so the prebuilt files are one folder up.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PrebuiltWorker } from './sandbox-assets.ts'

declare const __SANDBOX_WORKER_PATH__: string

const templates = (name: string) => fileURLToPath(new URL(`../templates/${name}`, import.meta.url))

export type { PrebuiltWorker }

export function frameScript(): string {
  return readFileSync(templates('frame-script.js'), 'utf8').trim()
}

export const PACKAGE_DATA = { libraries: templates('libraries.json'), pypiLock: templates('pypi-lock.json'), bytecodeCompiler: templates('compile_wheel.py') }

export const prebuiltWorker: PrebuiltWorker | undefined = {
  path: __SANDBOX_WORKER_PATH__,
  file: fileURLToPath(new URL(`../${__SANDBOX_WORKER_PATH__}`, import.meta.url)),
}

export async function writeServiceWorker(outDir: string, fileName: string): Promise<void> {
  copyFileSync(templates('sw.js'), join(outDir, fileName))
}
