/**
 * Starts the Pyodide core of whichever supported release line `indexURL`
 * serves, and describes the distribution it runs with.
 *
 * - 314.x (0.28 and later): `pyodide.asm.mjs` is an ES module; the lock in use
 *   (the mirror's, or the core's own made absolute) is handed over as data.
 * - 0.27.x: `pyodide.asm.js` is a classic script that defines
 *   `globalThis._createPyodideModule`, and the release reads its lock from a
 *   URL and resolves package files against `indexURL`: the distribution must
 *   follow Pyodide's indexURL convention (core, lock and packages in one folder).
 *
 * A 314.x start can restore a memory snapshot (Pyodide's `_loadSnapshot`)
 * taken by an earlier cold start of the same release and lock (`_makeSnapshot`,
 * right after `loadPyodide` and the standard library the setup imports, before
 * the sandbox's setup holds any JS objects).
 * A snapshot of another release or lock is ignored; one Pyodide refuses means a cold start.
 *
 * Every file comes through `fetch`, which the isolated frame relays through the
 * main thread (and its offline cache); a plain `import(url)` would not.
 */
import type { PyodideAPI } from 'pyodide'
import type { Lockfile } from '../src/packages/lock-types.ts'
import type { CoreLocation, MemorySnapshot } from '../src/protocol.ts'
import { describeDistribution, isModernRelease, type PyodideDistribution } from '../src/packages/distribution.ts'
import { absolute, chooseLockFile, type LockChoice } from './package-lock-choice.ts'
import type { Prefetch } from './prefetch.ts'
import { importSource } from './module-import.ts'

type PyodideModule = typeof import('pyodide')
type CreateModule = NonNullable<Parameters<PyodideModule['loadPyodide']>[0]>['createPyodideModule']

export interface StartOptions {
  env: Record<string, string>
  /** Restore this snapshot when it matches the release and the lock (314.x only). */
  snapshot?: MemorySnapshot
  /** After a cold start, take a snapshot (314.x only). */
  makeSnapshot?: boolean
}

/**
 * Everything of a start that comes before the interpreter: the core's
 * JavaScript evaluated, the lock chosen, the large files on their way
 * (`prefetch.ts`). It holds no Python yet, so it can be made ahead of time.
 */
export type PreparedCore =
  | { line: 'modern'; module: PyodideModule; indexURL: string; createPyodideModule: CreateModule; choice: LockChoice; lockHash: string }
  | { line: 'classic'; module: PyodideModule; indexURL: string; lock: Lockfile }

export interface LoadedCore {
  pyodide: PyodideAPI
  distribution: PyodideDistribution
  /** Whether packages come from a self-hosted folder (a mirror or a whole distribution), not the CDN. */
  mirror: boolean
  /** Whether the start restored `snapshot`. */
  fromSnapshot: boolean
  /** The snapshot taken after this cold start, when asked for. */
  madeSnapshot?: MemorySnapshot
}

export async function prepareCore({ indexURL, packagesURL }: CoreLocation, prefetch?: Prefetch): Promise<PreparedCore> {
  // Both release lines load these two, the largest files of a start, once their JavaScript runs.
  prefetch?.start(`${indexURL}pyodide.asm.wasm`)
  prefetch?.start(`${indexURL}python_stdlib.zip`)
  const module = await importThroughFetch<PyodideModule>(`${indexURL}pyodide.mjs`)
  if (!isModernRelease(module.version)) return prepareClassic(module, indexURL)
  const [{ default: createPyodideModule }, choice] = await Promise.all([
    importThroughFetch<{ default: CreateModule }>(`${indexURL}pyodide.asm.mjs`),
    chooseLockFile({ mirrorUrl: packagesURL, pyodideLockUrl: `${indexURL}pyodide-lock.json` }),
  ])
  return { line: 'modern', module, indexURL, createPyodideModule, choice, lockHash: hashLock(choice.lockFileContents) }
}

export function startCore(prepared: PreparedCore, options: StartOptions): Promise<LoadedCore> {
  return prepared.line === 'modern' ? startModern(prepared, options) : startClassic(prepared, options)
}

async function startModern(prepared: Extract<PreparedCore, { line: 'modern' }>, options: StartOptions): Promise<LoadedCore> {
  const { module, indexURL, createPyodideModule, choice, lockHash } = prepared
  const load = (snapshotOptions: Record<string, unknown>) =>
    module.loadPyodide({ indexURL, createPyodideModule, lockFileContents: choice.lockFileContents, packageBaseUrl: choice.packageBaseUrl, env: options.env, ...snapshotOptions })
  const snapshot = options.snapshot
  let pyodide: PyodideAPI | undefined
  if (snapshot && snapshot.pyodideVersion === module.version && snapshot.lockHash === lockHash) {
    // Pyodide refuses a snapshot of another build (its build id is inside): then a cold start, as without one.
    pyodide = await load({ _loadSnapshot: snapshot.bytes }).catch(() => undefined)
  }
  const fromSnapshot = pyodide !== undefined
  const makeSnapshot = !fromSnapshot && options.makeSnapshot === true
  pyodide ??= await load(makeSnapshot ? { _makeSnapshot: true } : {})
  const madeSnapshot = makeSnapshot ? { bytes: takeMemorySnapshot(warmedUp(pyodide)), pyodideVersion: module.version, lockHash } : undefined
  const distribution = describeDistribution({ version: module.version, indexURL, lock: choice.lockFileContents, packageBaseURL: choice.packageBaseUrl })
  return { pyodide, distribution, mirror: choice.mirror, fromSnapshot, madeSnapshot }
}

/**
 * The standard library the sandbox's setup imports (worker/py/), imported
 * before the snapshot is taken so that an interpreter restored from it has
 * them loaded already: a start from the snapshot then skips that work too.
 * Plain Python modules only, which hold no JavaScript objects a snapshot
 * could not keep; the setup itself, which does, still runs at every start.
 */
const SETUP_IMPORTS = 'import asyncio, base64, builtins, hashlib, io, operator, sys, sysconfig, time, traceback\nimport pyodide.code\nsysconfig.get_paths()'

function warmedUp(pyodide: PyodideAPI): PyodideAPI {
  pyodide.runPython(SETUP_IMPORTS, { filename: '<sandbox-snapshot>' })
  return pyodide
}

/** Pyodide's memory as it is now; only valid right after a `_makeSnapshot` start. */
function takeMemorySnapshot(pyodide: PyodideAPI): Uint8Array {
  return (pyodide as unknown as { makeMemorySnapshot(): Uint8Array }).makeMemorySnapshot()
}

/**
 * A 128-bit digest of the lock, in hex: a snapshot is only good with the lock it
 * was made with. Not cryptographic (the opaque-origin frame has no
 * `crypto.subtle`), and it need not be: it tells releases apart, and the
 * snapshot never comes from the code that runs in the sandbox.
 */
function hashLock(lock: Lockfile): string {
  const text = JSON.stringify(lock)
  const lanes = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b]
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    for (let lane = 0; lane < 4; lane++) lanes[lane] = Math.imul(lanes[lane]! ^ code, 0x01000193 + 2 * lane) >>> 0
  }
  return lanes.map((lane) => lane.toString(16).padStart(8, '0')).join('')
}

async function prepareClassic(module: PyodideModule, indexURL: string): Promise<PreparedCore> {
  const lockURL = `${indexURL}pyodide-lock.json`
  const [, lock] = await Promise.all([importThroughFetch(`${indexURL}pyodide.asm.js`), fetchLock(lockURL)])
  if (lock.info.version !== module.version) {
    throw new Error(`${lockURL} is the lock of Pyodide ${lock.info.version}, but ${indexURL}pyodide.mjs is Pyodide ${module.version}: serve one release's files together`)
  }
  return { line: 'classic', module, indexURL, lock }
}

async function startClassic({ module, indexURL, lock }: Extract<PreparedCore, { line: 'classic' }>, { env }: StartOptions): Promise<LoadedCore> {
  // 0.27's loadPyodide takes no lock contents: it fetches this same URL, and resolves package files against indexURL.
  const pyodide = await (module.loadPyodide as (options: Record<string, unknown>) => Promise<PyodideAPI>)({ indexURL, lockFileURL: `${indexURL}pyodide-lock.json`, env })
  return { pyodide, distribution: describeDistribution({ version: module.version, indexURL, lock, packageBaseURL: indexURL }), mirror: true, fromSnapshot: false }
}

async function fetchLock(url: string): Promise<Lockfile> {
  const response = await fetch(url, { cache: 'no-cache' })
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}: a Pyodide 0.27 distribution needs its pyodide-lock.json beside the core files`)
  const lock = (await response.json()) as Lockfile
  if (typeof lock?.info?.version !== 'string' || typeof lock.packages !== 'object') throw new Error(`${url} is not a Pyodide lock file`)
  return lock
}

/**
 * Imports a module whose code comes through `fetch`. In the isolated frame
 * `fetch` is relayed by the main thread (and its offline cache), while a
 * plain `import(url)` would always go to the network.
 */
export async function importThroughFetch<T>(url: string): Promise<T> {
  const response = await fetch(absolute(url))
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`)
  return importSource<T>(await response.text())
}
