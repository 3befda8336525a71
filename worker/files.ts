/**
 * Files in the Python working directory: putting the app's files in, and
 * finding what a run created or changed so it can come back with the result.
 *
 * The directory belongs to untrusted code, which can fill it with symlink
 * loops, links to `/`, special files, millions of entries, or delete it. The
 * walk therefore never follows a link, stops at fixed bounds, and turns every
 * error into a line of text for the run's result instead of throwing.
 */
import type { PyodideAPI } from 'pyodide'
import type { FileInfo, InputFile, OutputFile, OutputFileLimits } from '../src/protocol.ts'
import { checkFileName, WORKING_DIRECTORY } from '../src/files/names.ts'
import { mimeTypeFor } from '../src/files/mime.ts'
import { errorText, type ErrnoNames } from './error-text.ts'

export { WORKING_DIRECTORY }

type FS = PyodideAPI['FS']
type Stat = { mode: number; size: number; mtime: Date }

/** How far a walk goes; past either bound it stops and says so. */
export interface WalkBounds {
  /** Entries (files and directories) looked at. Default: 20 000. */
  maxEntries: number
  /** Directory levels below the working directory. Default: 32. */
  maxDepth: number
}

export const DEFAULT_WALK_BOUNDS: WalkBounds = { maxEntries: 20_000, maxDepth: 32 }

interface Entry {
  name: string
  size: number
  mtime: number
}

/** The regular files found, and a line of text for each thing the walk could not look at. */
export interface Walk {
  entries: Entry[]
  problems: string[]
}

/** What a file looked like before a run: enough to tell whether the run touched it. */
export type Snapshot = Map<string, string>

export function writeFiles(fs: FS, files: readonly InputFile[]): void {
  for (const file of files) {
    const name = checkFileName(file.name) // the main thread checked too; the worker does not take it on faith
    const path = `${WORKING_DIRECTORY}/${name}`
    makeParents(fs, path)
    fs.writeFile(path, file.data)
  }
}

export function removeFiles(fs: FS, names: readonly string[]): void {
  for (const name of names) {
    const path = `${WORKING_DIRECTORY}/${checkFileName(name)}`
    if (exists(fs, path)) fs.unlink(path)
  }
}

/** Every file below the working directory, except hidden ones (caches that libraries write). */
export function listFiles(fs: FS, errnos?: ErrnoNames): FileInfo[] {
  return walk(fs, errnos).entries.map(({ name, size }) => ({ name, size }))
}

export function readFileHead(fs: FS, name: string, maxBytes: number): Uint8Array {
  const data = fs.readFile(`${WORKING_DIRECTORY}/${checkFileName(name)}`) as Uint8Array
  return data.length > maxBytes ? data.slice(0, maxBytes) : data
}

export function snapshot(found: Walk): Snapshot {
  return new Map(found.entries.map(({ name, size, mtime }) => [name, `${size}:${mtime}`]))
}

/** Files created or changed since `before`, with their bytes, within the limits. */
export function changedFiles(
  fs: FS,
  before: Snapshot,
  after: Walk,
  limits: OutputFileLimits,
  errnos?: ErrnoNames,
): { files: OutputFile[]; omitted: FileInfo[]; problems: string[] } {
  const files: OutputFile[] = []
  const omitted: FileInfo[] = []
  const problems: string[] = []
  let total = 0
  for (const { name, size, mtime } of after.entries) {
    if (before.get(name) === `${size}:${mtime}`) continue
    const fits = files.length < limits.maxFiles && size <= limits.maxFileBytes && total + size <= limits.maxTotalBytes
    if (!fits) {
      omitted.push({ name, size })
      continue
    }
    try {
      const data = fs.readFile(`${WORKING_DIRECTORY}/${name}`) as Uint8Array
      total += data.length
      files.push({ name, mimeType: mimeTypeFor(name), size: data.length, data })
    } catch (error) {
      omitted.push({ name, size })
      problems.push(`${name} could not be read back: ${errorText(error, errnos)}`)
    }
  }
  return { files, omitted, problems }
}

/**
 * The regular files below the working directory, in name order, without
 * following links and within `bounds`. Never throws.
 */
export function walk(fs: FS, errnos?: ErrnoNames, bounds: WalkBounds = DEFAULT_WALK_BOUNDS): Walk {
  const entries: Entry[] = []
  const problems: string[] = []
  const root = lstat(fs, WORKING_DIRECTORY)
  if (!root || !fs.isDir(root.mode)) {
    problems.push(`The working directory ${WORKING_DIRECTORY} ${root ? 'is no longer a directory' : 'does not exist'}, so no files came back`)
    return { entries, problems }
  }
  const list = (path: string, prefix: string): string[] => {
    try {
      return (fs.readdir(path) as string[]).filter((entry) => !entry.startsWith('.')).sort()
    } catch (error) {
      problems.push(`${prefix || WORKING_DIRECTORY} could not be listed: ${errorText(error, errnos)}`)
      return []
    }
  }
  let seen = 0
  let tooDeep = 0
  // Depth first, in name order, with an explicit stack: a deep tree cannot exhaust the JS stack.
  const stack = [{ path: WORKING_DIRECTORY, prefix: '', depth: 0, names: list(WORKING_DIRECTORY, ''), next: 0 }]
  while (stack.length > 0) {
    const dir = stack[stack.length - 1]!
    if (dir.next >= dir.names.length) {
      stack.pop()
      continue
    }
    const entry = dir.names[dir.next++]!
    if (++seen > bounds.maxEntries) {
      problems.push(`The working directory holds more than ${bounds.maxEntries.toLocaleString('en-US')} entries; only the first were checked for new files`)
      return { entries, problems }
    }
    const path = `${dir.path}/${entry}`
    const name = dir.prefix + entry
    const stat = lstat(fs, path)
    if (!stat) continue // gone already, or unreadable: nothing to return
    if (fs.isDir(stat.mode)) {
      if (dir.depth + 1 > bounds.maxDepth) tooDeep++
      else stack.push({ path, prefix: `${name}/`, depth: dir.depth + 1, names: list(path, `${name}/`), next: 0 })
    } else if (fs.isFile(stat.mode)) {
      entries.push({ name, size: stat.size, mtime: stat.mtime.getTime() })
    }
    // Links, devices, pipes and sockets are skipped: reading them could loop, block or never end.
  }
  if (tooDeep > 0) problems.push(`Directories more than ${bounds.maxDepth} levels deep were not checked for new files`)
  return { entries, problems }
}

/**
 * Puts the working directory back if the code removed it (or put something
 * else in its place), so the next run has one. Returns what happened, if anything.
 */
export function restoreWorkingDirectory(fs: FS, errnos?: ErrnoNames): string | undefined {
  const stat = lstat(fs, WORKING_DIRECTORY)
  try {
    if (!stat || !fs.isDir(stat.mode)) {
      if (stat) fs.unlink(WORKING_DIRECTORY)
      fs.mkdirTree(WORKING_DIRECTORY)
      fs.chdir(WORKING_DIRECTORY)
      const what = stat ? 'was replaced by something that is not a directory' : 'was deleted'
      return `The working directory ${WORKING_DIRECTORY} ${what}; it has been created again, empty, and the next run starts in it`
    }
    if (!exists(fs, fs.cwd())) {
      const gone = fs.cwd()
      fs.chdir(WORKING_DIRECTORY)
      return `The current directory ${gone} was deleted; the next run starts in ${WORKING_DIRECTORY}`
    }
  } catch (error) {
    return `The working directory ${WORKING_DIRECTORY} could not be restored: ${errorText(error, errnos)}`
  }
  return undefined
}

function lstat(fs: FS, path: string): Stat | undefined {
  try {
    return fs.lstat(path) as Stat
  } catch {
    return undefined
  }
}

function makeParents(fs: FS, path: string): void {
  const parts = path.split('/').slice(1, -1)
  let dir = ''
  for (const part of parts) {
    dir += `/${part}`
    if (!exists(fs, dir)) fs.mkdir(dir)
  }
}

function exists(fs: FS, path: string): boolean {
  try {
    return fs.analyzePath(path).exists
  } catch {
    return false
  }
}
