// The vendoring procedure behind `npm run vendor`. See scripts/vendor.mjs
// for the command line and docs/libraries.md for what ends up where.

import { createHash } from 'node:crypto'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CDN_URL, PYODIDE_VERSION, canonicalizeName, dependencyClosure, isAbsoluteFileName, onlineLock, withCompleteDependencies, withStdlibNeeds } from '../../src/packages/lock-core.mjs'
import { HttpStatusError, SourceUnreachableError, downloadToFile } from './http.mjs'
import { listProjectFiles } from './simple-index.mjs'
import { WheelCache, exists, hasFileWithHash, placeFile } from './store.mjs'
import { parseWheelName, pythonMinorOf, sameVersion, wheelScore } from './tags.mjs'
import { wheelFromSdist } from './sdist-wheel.mjs'
import { checkFolderLock, scanReleaseFolder } from './release-folder.mjs'
import { copyCore, coreVersion } from './release-core.mjs'
import { compileBytecode } from './bytecode.mjs'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export const DEFAULTS = Object.freeze({
  indexUrl: 'https://pypi.org/simple/',
  cdnUrl: DEFAULT_CDN_URL,
  out: 'public/packages',
  cacheDir: '.cache/wheels',
  timeoutMs: 30_000,
  concurrency: 4,
  bytecode: true,
  pyodideLock: join(REPO_ROOT, 'node_modules/pyodide/pyodide-lock.json'),
  pypiLock: join(REPO_ROOT, 'src/packages/pypi-lock.json'),
  libraries: join(REPO_ROOT, 'src/packages/libraries.json'),
})

export const SOURCES = Object.freeze({ folder: 'release folder', pypi: 'PyPI', cdn: 'Pyodide CDN' })

/** Thrown for a bad --only list; the CLI turns it into exit code 2. */
export class UsageError extends Error {}

class IntegrityError extends Error {}

async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'))
}

/**
 * Lock keys to vendor for the given names. A name may be Gemini's name, a
 * lock key or an import name ("sklearn", "scikit-learn", "PIL").
 */
export function selectRoots(libraries, packages, only) {
  const usable = libraries.filter((lib) => lib.source !== 'unavailable')
  if (only === undefined || only.length === 0) return usable.map((lib) => lib.package)
  const roots = []
  const unknown = []
  for (const name of only) {
    const wanted = canonicalizeName(name)
    const lib = libraries.find((l) => [l.gemini, l.package, ...l.imports].some((n) => canonicalizeName(n) === wanted))
    if (lib?.source === 'unavailable') throw new UsageError(`${lib.gemini} cannot be vendored: ${lib.reason}`)
    if (lib !== undefined) roots.push(lib.package)
    else if (packages[wanted] !== undefined) roots.push(wanted)
    else unknown.push(name)
  }
  if (unknown.length > 0) {
    throw new UsageError(`Unknown librar${unknown.length === 1 ? 'y' : 'ies'}: ${unknown.join(', ')}. Known: ${usable.map((l) => l.gemini).join(', ')}`)
  }
  return roots
}

function createContext(options, reporter, lockInfo) {
  return {
    options,
    reporter,
    cache: new WheelCache(options.cacheDir),
    down: { pypi: undefined, cdn: undefined },
    indexAnswers: new Map(),
    abiVersion: lockInfo.abi_version,
    pythonMinor: pythonMinorOf(lockInfo),
  }
}

function markDown(ctx, source, err) {
  if (err instanceof SourceUnreachableError && ctx.down[source] === undefined) ctx.down[source] = err.message
}

/** The index's files for a project; [] when the project is not on the index. Falls back to the cached answer when the index is down. */
async function indexFiles(ctx, project) {
  const key = canonicalizeName(project)
  if (!ctx.indexAnswers.has(key)) {
    ctx.indexAnswers.set(
      key,
      (async () => {
        if (ctx.down.pypi === undefined) {
          try {
            const files = await listProjectFiles(ctx.options.indexUrl, project, { timeoutMs: ctx.options.timeoutMs })
            // Only what a later offline run could pick: loadable wheels and sdists.
            await ctx.cache.storeIndex(key, files.filter((f) => wheelScore(f.filename, ctx.abiVersion, ctx.pythonMinor) > 0 || f.filename.endsWith('.tar.gz')))
            return { files }
          } catch (err) {
            if (err instanceof HttpStatusError && err.status === 404) return { files: [] }
            markDown(ctx, 'pypi', err)
            if (!(err instanceof SourceUnreachableError)) return { error: err.message }
          }
        }
        const cached = await ctx.cache.lookupIndex(key)
        return cached === undefined ? { error: ctx.down.pypi } : { files: cached, fromCache: true }
      })(),
    )
  }
  return ctx.indexAnswers.get(key)
}

/** Downloads url to out/fileName, checking sha256; resumes a .part file left by an earlier run. */
async function fetchVerified(ctx, { url, fileName, sha256, dir }) {
  const target = join(dir, fileName)
  const part = `${target}.part`
  for (let attempt = 1; ; attempt++) {
    const got = await downloadToFile(url, part, { timeoutMs: ctx.options.timeoutMs, onBytes: (n) => ctx.reporter.bytes(n) })
    if (got.sha256 === sha256) {
      await placeFile(target, part)
      await rm(part, { force: true })
      await ctx.cache.store(sha256, fileName, target)
      return target
    }
    await rm(part, { force: true })
    // A stale .part from another file version can poison a resume: retry once from zero.
    if (got.resumedFrom > 0 && attempt === 1) continue
    throw new IntegrityError(`sha256 mismatch for ${fileName} from ${url}: expected ${sha256}, got ${got.sha256}; the file was discarded`)
  }
}

/** Places the file with this sha256 in the mirror: already there, from the cache, or downloaded. Returns how. */
async function obtain(ctx, { url, fileName, sha256, dir = ctx.options.out }) {
  if (await hasFileWithHash(join(dir, fileName), sha256)) return 'present'
  const cached = await ctx.cache.lookup(sha256, fileName)
  if (cached !== undefined) {
    await placeFile(join(dir, fileName), cached)
    return 'cached'
  }
  await fetchVerified(ctx, { url, fileName, sha256, dir })
  return 'downloaded'
}

function statusOf(how) {
  return how === 'present' ? 'present' : 'vendored'
}

function fromCache(how) {
  return how === 'cached' ? { note: 'from cache' } : {}
}

async function vendorExtra(ctx, key, extra) {
  const result = { key, name: extra.name, version: extra.version, source: 'pypi' }
  const wheelName = basename(extra.file_name)
  const out = ctx.options.out
  if (await hasFileWithHash(join(out, wheelName), extra.sha256)) return { ...result, status: 'present', fileName: wheelName, sha256: extra.sha256 }

  const wanted = extra.sdist ? { fileName: basename(new URL(extra.sdist.url).pathname), sha256: extra.sdist.sha256 } : { fileName: wheelName, sha256: extra.sha256 }
  let url
  if ((await ctx.cache.lookup(wanted.sha256, wanted.fileName)) === undefined) {
    const answer = await indexFiles(ctx, extra.name)
    if (answer.error !== undefined) return { ...result, status: 'failed', reason: `${SOURCES.pypi} unreachable: ${answer.error}` }
    const file = answer.files.find((f) => f.filename === wanted.fileName)
    if (file === undefined) return { ...result, status: 'failed', reason: `the index has no file ${wanted.fileName}` }
    if (file.sha256 !== undefined && file.sha256 !== wanted.sha256) {
      return { ...result, status: 'failed', reason: `the index publishes sha256 ${file.sha256} for ${wanted.fileName}, but src/packages/pypi-lock.json pins ${wanted.sha256}; refusing it` }
    }
    url = file.url
  }

  try {
    if (!extra.sdist) {
      const how = await obtain(ctx, { url, fileName: wheelName, sha256: extra.sha256 })
      return { ...result, status: statusOf(how), fileName: wheelName, sha256: extra.sha256, ...fromCache(how) }
    }
    const buildDir = join(out, '.sdist')
    await mkdir(buildDir, { recursive: true })
    await obtain(ctx, { url, ...wanted, dir: buildDir })
    const sdistPath = join(buildDir, wanted.fileName)
    const wheel = wheelFromSdist(await readFile(sdistPath), extra)
    await rm(buildDir, { recursive: true, force: true })
    const sha256 = createHash('sha256').update(wheel.bytes).digest('hex')
    if (sha256 !== extra.sha256 || wheel.fileName !== wheelName) {
      return { ...result, status: 'failed', reason: `the wheel rebuilt from ${wanted.fileName} (${wheel.fileName}, sha256 ${sha256}) is not the one src/packages/pypi-lock.json pins (${wheelName}, ${extra.sha256})` }
    }
    await placeFile(join(out, wheelName), wheel.bytes)
    return { ...result, status: 'vendored', fileName: wheelName, sha256, note: `built from ${wanted.fileName}` }
  } catch (err) {
    markDown(ctx, 'pypi', err)
    return { ...result, status: 'failed', reason: err.message }
  }
}

/** The best wheel PyPI serves for exactly this version that Pyodide can load, or undefined. */
function pickPypiWheel(files, entry, ctx) {
  return files
    .filter((f) => f.sha256 !== undefined && sameVersion(parseWheelName(f.filename)?.version ?? '', entry.version))
    .map((f) => ({ file: f, score: wheelScore(f.filename, ctx.abiVersion, ctx.pythonMinor) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)[0]?.file
}

/** A file the release folder holds, checked against the lock by scanReleaseFolder. */
async function vendorFromFolder(ctx, key, entry, path) {
  const target = join(ctx.options.out, entry.file_name)
  const how = (await hasFileWithHash(target, entry.sha256)) ? 'present' : 'vendored'
  if (how === 'vendored') await placeFile(target, path)
  return { key, name: entry.name, version: entry.version, source: 'folder', status: how, fileName: entry.file_name, sha256: entry.sha256 }
}

async function vendorFromPyodide(ctx, key, entry) {
  const result = { key, name: entry.name, version: entry.version }
  const notes = []
  const answer = await indexFiles(ctx, entry.name)
  if (answer.error !== undefined) notes.push(`${SOURCES.pypi} not tried: ${answer.error}`)
  const wheel = answer.files === undefined ? undefined : pickPypiWheel(answer.files, entry, ctx)
  if (wheel !== undefined) {
    try {
      const how = await obtain(ctx, { url: wheel.url, fileName: wheel.filename, sha256: wheel.sha256 })
      return { ...result, source: 'pypi', status: statusOf(how), fileName: wheel.filename, sha256: wheel.sha256, ...fromCache(how) }
    } catch (err) {
      markDown(ctx, 'pypi', err)
      notes.push(`${SOURCES.pypi}: ${err.message}`)
    }
  } else if (answer.files !== undefined) {
    notes.push(`PyPI has no ${entry.version} wheel Pyodide can load`)
  }

  // entry comes from Pyodide's own lock, where file_name is relative to the CDN (or, in a custom lock, already a URL).
  const absoluteName = isAbsoluteFileName(entry.file_name)
  const fileName = absoluteName ? basename(new URL(entry.file_name, 'file:///').pathname) : entry.file_name
  const cdnResult = { ...result, source: 'cdn' }
  if (ctx.down.cdn !== undefined && !(await hasFileWithHash(join(ctx.options.out, fileName), entry.sha256)) && (await ctx.cache.lookup(entry.sha256, fileName)) === undefined) {
    return { ...cdnResult, status: 'failed', reason: [...notes, `${SOURCES.cdn} unreachable: ${ctx.down.cdn}`].join('; ') }
  }
  try {
    const base = ctx.options.cdnUrl.endsWith('/') ? ctx.options.cdnUrl : `${ctx.options.cdnUrl}/`
    const how = await obtain(ctx, { url: absoluteName ? entry.file_name : base + fileName, fileName, sha256: entry.sha256 })
    return { ...cdnResult, status: statusOf(how), fileName, sha256: entry.sha256, ...fromCache(how) }
  } catch (err) {
    markDown(ctx, 'cdn', err)
    const reason = err instanceof SourceUnreachableError ? `${SOURCES.cdn} unreachable: ${err.message}` : `${SOURCES.cdn}: ${err.message}`
    return { ...cdnResult, status: 'failed', reason: [...notes, reason].join('; ') }
  }
}

/** The result for a package an earlier run left intact in the mirror, so re-runs need no network. */
async function previouslyVendored(out, previous, lock, key) {
  const entry = previous?.packages?.[key]
  const current = lock.packages[key]
  if (entry === undefined || isAbsoluteFileName(entry.file_name) || entry.version !== current.version) return undefined
  if (!(await hasFileWithHash(join(out, entry.file_name), entry.sha256))) return undefined
  return { key, name: current.name, version: current.version, source: entry.mirror_source ?? 'pypi', status: 'present', fileName: entry.file_name, sha256: entry.sha256 }
}

/** The folder's files judged against the lock; a folder holding another release's lock is a usage error. */
async function readReleaseFolder(from, pyodideLock) {
  if (!(await exists(from))) throw new UsageError(`--from ${from}: no such folder`)
  const mismatch = await checkFolderLock(from, pyodideLock)
  if (mismatch !== undefined) throw new UsageError(mismatch)
  return scanReleaseFolder(from, pyodideLock)
}

async function runPool(items, concurrency, task) {
  const results = new Array(items.length)
  let next = 0
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index])
    }
  })
  await Promise.all(workers)
  return results
}

/** Mirror entries from an earlier run that are still intact on disk, so a narrower --only keeps them. */
async function carriedOver(out, previous, lock) {
  const kept = {}
  for (const [key, entry] of Object.entries(previous?.packages ?? {})) {
    const current = lock.packages[key]
    if (isAbsoluteFileName(entry.file_name) || current === undefined || current.version !== entry.version) continue
    if (await hasFileWithHash(join(out, entry.file_name), entry.sha256)) kept[key] = entry
  }
  return kept
}

/**
 * Bytecode bundles (bytecode.mjs) for the mirror's own wheels: every one when
 * options.bytecode is true, those of these libraries and their dependencies
 * when it is a list. A bundle the previous lock names for the same wheel, and
 * still in the mirror, is kept; the rest are compiled with the release's core,
 * or skipped, saying why, when that core is not at hand: the mirror works
 * without them, only slower.
 */
async function vendorBytecode(options, packages, previous, libraries, core) {
  if (options.bytecode === false) return { entries: new Map(), compiled: 0, skipped: 'not asked for (--no-bytecode)' }
  const chosen = options.bytecode === true ? Object.keys(packages) : dependencyClosure(packages, selectRoots(libraries, packages, options.bytecode))
  const entries = new Map()
  const wheels = []
  for (const key of chosen) {
    const { file_name: fileName, sha256 } = packages[key]
    if (isAbsoluteFileName(fileName) || !fileName.endsWith('.whl')) continue
    const before = previous?.packages?.[key]
    if (before?.sha256 === sha256 && before.bytecode !== undefined && (await hasFileWithHash(join(options.out, before.bytecode.file_name), before.bytecode.sha256))) entries.set(key, before.bytecode)
    else wheels.push({ key, fileName, sha256 })
  }
  if (wheels.length === 0) return { entries, compiled: 0 }
  if ((await coreVersion(core.dir)) !== core.version) return { entries, compiled: 0, skipped: `no core of Pyodide ${core.version} to compile with (pass --core DIR)` }
  const made = await compileBytecode({ wheels, out: options.out, coreDir: core.dir, version: core.version, cacheDir: options.cacheDir, compilerSource: options.bytecodeCompiler })
  return { ...made, entries: new Map([...entries, ...made.entries]) }
}

/**
 * Vendors the requested libraries and their dependencies into options.out
 * and writes options.out/pyodide-lock.json. Never throws for a download
 * problem: those are reported per package in the returned results.
 */
export async function vendor(userOptions, reporter) {
  const given = Object.fromEntries(Object.entries(userOptions).filter(([, v]) => v !== undefined))
  const options = { ...DEFAULTS, ...given }
  // A release folder is checked against its own lock unless one is named: the one in the folder, else our Pyodide's.
  if (options.from !== undefined && given.pyodideLock === undefined && (await exists(join(options.from, 'pyodide-lock.json')))) options.pyodideLock = join(options.from, 'pyodide-lock.json')
  const [pyodideLock, extras, { libraries }] = await Promise.all([readJson(options.pyodideLock), readJson(options.pypiLock), readJson(options.libraries)])
  // Packages a partial release folder lacks come from that same release on the CDN, never from another release's.
  // 314's lock does not name its release: the core does.
  const releaseVersion = pyodideLock.info.version ?? (await coreVersion(options.core ?? dirname(options.pyodideLock))) ?? PYODIDE_VERSION
  if (options.from !== undefined && given.cdnUrl === undefined) options.cdnUrl = `https://cdn.jsdelivr.net/pyodide/v${releaseVersion}/full/`
  const folder = options.from === undefined ? undefined : await readReleaseFolder(options.from, pyodideLock)
  const lock = withStdlibNeeds(onlineLock(pyodideLock, extras, options.cdnUrl))
  const roots = selectRoots(libraries, lock.packages, options.only)
  const keys = dependencyClosure(lock.packages, roots)

  await mkdir(options.out, { recursive: true })
  const lockPath = join(options.out, 'pyodide-lock.json')
  const previous = (await exists(lockPath)) ? await readJson(lockPath).catch(() => undefined) : undefined
  const ctx = createContext(options, reporter, pyodideLock.info)
  reporter.start({ total: keys.length, indexUrl: options.indexUrl, cdnUrl: options.cdnUrl, out: options.out, from: options.from })

  const results = await runPool(keys, options.concurrency, async (key) => {
    reporter.packageStart(key)
    const extra = extras.packages[key]
    const inFolder = folder?.accepted.get(key)
    const result =
      (inFolder !== undefined ? await vendorFromFolder(ctx, key, pyodideLock.packages[key], inFolder) : undefined) ??
      (await previouslyVendored(options.out, previous, lock, key)) ??
      (extra !== undefined ? await vendorExtra(ctx, key, extra) : await vendorFromPyodide(ctx, key, pyodideLock.packages[key]))
    reporter.packageDone(result)
    return result
  })

  // From a release folder the result is a distribution of its own: only what it holds is in its lock, so
  // the sandbox never offers a library it cannot load. Otherwise what failed keeps its online URL.
  const kept = await carriedOver(options.out, previous, lock)
  const mirror = { ...lock, packages: folder === undefined ? { ...lock.packages, ...kept } : kept }
  for (const r of results) {
    if (r.status !== 'failed') mirror.packages[r.key] = { ...lock.packages[r.key], file_name: r.fileName, sha256: r.sha256, mirror_source: r.source }
  }
  // A package whose dependency could not be vendored would install and then fail on import: it stays out.
  const complete = withCompleteDependencies(mirror.packages)
  mirror.packages = complete.packages
  for (const r of results) {
    const lacks = complete.dropped.get(r.key)
    if (lacks !== undefined && r.status !== 'failed') Object.assign(r, { status: 'failed', reason: `left out of the lock: it needs ${lacks}, which could not be vendored` })
  }
  const coreDirs = [options.from, options.core ?? dirname(options.pyodideLock)]
  const core = folder === undefined ? undefined : await copyCore({ dirs: coreDirs, version: releaseVersion, out: options.out })
  const bytecode = await vendorBytecode(options, mirror.packages, previous, libraries, { dir: core?.dir ?? coreDirs[1], version: releaseVersion })
  // Only the bundles made or kept now: an entry carried over from the previous lock may name one no longer wanted.
  mirror.packages = Object.fromEntries(
    Object.entries(mirror.packages).map(([key, { bytecode: _previous, ...entry }]) => [key, bytecode.entries.has(key) ? { ...entry, bytecode: bytecode.entries.get(key) } : entry]),
  )
  await placeFile(lockPath, Buffer.from(`${JSON.stringify(mirror, null, 1)}\n`))

  const refused = folder?.refused ?? []
  const failed = results.some((r) => r.status === 'failed') || refused.length > 0 || core?.missing.length > 0
  const summary = { results, refused, core, bytecode: { bundles: bytecode.entries.size, compiled: bytecode.compiled, skipped: bytecode.skipped }, lockPath, down: ctx.down, options, exitCode: failed ? 1 : 0 }
  reporter.finish(summary)
  return summary
}
