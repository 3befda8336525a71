/**
 * Writes a wheel's precompiled bytecode next to its sources, so the first
 * import of a library reads .pyc files instead of compiling every module
 * (about half of `import pandas` in the browser).
 *
 * The bundles come from `npm run vendor` (scripts/vendor/bytecode.mjs, where
 * the format is described): the mirror's lock names each one and its sha256
 * in the package's `bytecode` field. They are fetched alongside the wheels
 * and written once the wheel is installed. Everything here is an
 * optimisation: a bundle that is missing, altered, malformed or compiled for
 * another interpreter is left out and the sources compile as before. The
 * .pyc files are hash-checked, so an edited source is compiled again.
 */
import type { PyodideAPI } from 'pyodide'
import { errorText } from './error-text.ts'
import { joinBytes } from './join-bytes.ts'

/** The `bytecode` field of a package in a mirror's lock. */
export interface BytecodeEntry {
  file_name: string
  sha256: string
}

export interface BytecodeBundle {
  /** importlib.util.MAGIC_NUMBER of the interpreter that compiled it, as hex. */
  magic: string
  /** Paths relative to site-packages, each inside a __pycache__ folder. */
  files: Array<{ path: string; data: Uint8Array }>
}

const SIGNATURE = 'PYCB'
/** A path the bundle may write: `<folders>/__pycache__/<name>.pyc`, never outside site-packages. */
const PYC_PATH = /^(?:[\w.-]+\/)*__pycache__\/[\w.-]+\.pyc$/

/** Reads an uncompressed bundle; throws saying what is wrong with it. */
export function readBytecodeBundle(bytes: Uint8Array): BytecodeBundle {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== SIGNATURE) throw new Error('not a bytecode bundle')
  const headerEnd = 8 + view.getUint32(4, true)
  if (headerEnd > bytes.byteLength) throw new Error('its header is cut short')
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, headerEnd))) as { magic?: unknown; files?: unknown }
  if (typeof header.magic !== 'string' || !Array.isArray(header.files)) throw new Error('its header lacks the magic number or the file list')
  let offset = headerEnd
  const files = header.files.map((file: unknown) => {
    const [path, size] = Array.isArray(file) ? file : []
    if (typeof path !== 'string' || !PYC_PATH.test(path) || path.split('/').includes('..')) throw new Error(`it names a file it may not write: ${JSON.stringify(path)}`)
    if (!Number.isSafeInteger(size) || size < 0 || offset + size > bytes.byteLength) throw new Error(`${path} is cut short`)
    const data = bytes.subarray(offset, offset + size)
    offset += size
    return { path, data }
  })
  if (offset !== bytes.byteLength) throw new Error('it holds bytes no file claims')
  return { magic: header.magic, files }
}

/** By the browser's own gzip. Not through a Blob: WebKit cannot read one in a worker started from a `data:` URL. */
async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const compressed = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
  // A reader, not `for await`: WebKit's streams are not async-iterable.
  const reader = compressed.pipeThrough(new DecompressionStream('gzip')).getReader()
  const chunks: Uint8Array[] = []
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value)
  return joinBytes(chunks)
}

export interface BytecodeInstaller {
  /** Starts fetching and checking the bundle of each of these lock entries that has one; call before the wheels load. */
  fetchFor(entries: ReadonlyMap<string, { bytecode?: BytecodeEntry }>): Map<string, Promise<BytecodeBundle>>
  /** Writes a fetched bundle's files; resolves how many, or rejects saying why none were written. */
  install(bundle: Promise<BytecodeBundle>): Promise<number>
}

/** Where bundles are written and what they must have been compiled for. */
export interface BytecodeTarget {
  /** The interpreter's file system (pyodide.FS). */
  fs: { mkdirTree(path: string): void; writeFile(path: string, data: Uint8Array): void }
  /** Where wheels install: bundle paths are relative to it. */
  sitePackages: string
  /** importlib.util.MAGIC_NUMBER, as hex. */
  magic: string
}

/** The target for one Pyodide interpreter; the vendor finds site-packages the same way (scripts/vendor/compile_wheel.py). */
export function bytecodeTargetOf(py: PyodideAPI): BytecodeTarget {
  const answer = py.runPython("import importlib.util, os, sysconfig\n(os.path.normpath(sysconfig.get_path('purelib')), importlib.util.MAGIC_NUMBER.hex())") as {
    toJs(): [string, string]
    destroy(): void
  }
  const [sitePackages, magic] = answer.toJs()
  answer.destroy()
  return { fs: py.FS, sitePackages, magic }
}

export interface BytecodeSource {
  /** Where the lock's relative file names resolve. */
  baseUrl: string
  /** How this worker hashes: WebCrypto, or Python where the frame has none. */
  sha256: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>
  /** A bundle not fetched by then is left out: the wheel's load waits for it, and compiling is the fallback. */
  timeoutMs: number
}

/**
 * `targetOf` is asked once, when the first bundle is fetched: a lock without
 * bundles (the CDN's, a mirror vendored with --no-bytecode) costs a worker's
 * start nothing.
 */
export function createBytecodeInstaller(targetOf: () => BytecodeTarget, { baseUrl, sha256, timeoutMs }: BytecodeSource): BytecodeInstaller {
  let known: BytecodeTarget | undefined
  const target = () => (known ??= targetOf())

  async function fetchBundle({ file_name, sha256: expected }: BytecodeEntry): Promise<BytecodeBundle> {
    const url = new URL(file_name, baseUrl).href
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new Error(`${url} did not arrive within ${timeoutMs / 1000} s`)), timeoutMs)
    let bytes: Uint8Array<ArrayBuffer>
    try {
      const response = await fetch(url, { credentials: 'same-origin', signal: controller.signal })
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
      bytes = new Uint8Array(await response.arrayBuffer())
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : error
    } finally {
      clearTimeout(timer)
    }
    const actual = await sha256(bytes)
    if (actual !== expected) throw new Error(`${url} has sha256 ${actual}, the lock says ${expected}`)
    return readBytecodeBundle(await gunzip(bytes))
  }

  return {
    fetchFor(entries) {
      const bundles = new Map<string, Promise<BytecodeBundle>>()
      for (const [key, entry] of entries) {
        if (entry.bytecode === undefined) continue
        const bundle = fetchBundle(entry.bytecode)
        // Awaited only once the wheel has installed, which may fail first: never an unhandled rejection.
        bundle.catch(() => {})
        bundles.set(key, bundle)
      }
      return bundles
    },
    async install(bundle) {
      const { files, magic: compiledFor } = await bundle
      // Asked here, once the wheels are installed, not while Pyodide is still installing them.
      const { fs, sitePackages, magic } = target()
      if (compiledFor !== magic) throw new Error(`it was compiled for another Python (magic ${compiledFor}, this one is ${magic})`)
      const folders = new Set<string>()
      for (const { path, data } of files) {
        const target = `${sitePackages}/${path}`
        const folder = target.slice(0, target.lastIndexOf('/'))
        if (!folders.has(folder)) {
          fs.mkdirTree(folder)
          folders.add(folder)
        }
        fs.writeFile(target, data)
      }
      return files.length
    },
  }
}

/** The reason a bundle was left out, for the loader's log. */
export function bytecodeSkipped(key: string, error: unknown): string {
  return `Bytecode for ${key} not used, its sources compile instead: ${errorText(error)}`
}
