import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Lockfile, PypiExtrasLock } from '../../../src/packages/lock-types.ts'

export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url))
}

export function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(repoPath(relative), 'utf8')) as T
}

/** Pyodide 314.0.7's own lock, as installed from npm. */
export const pyodideLock = readJson<Lockfile>('node_modules/pyodide/pyodide-lock.json')

export const pypiLock = readJson<PypiExtrasLock>('src/packages/pypi-lock.json')
