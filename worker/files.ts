/**
 * Files in the Python working directory: putting the app's files in, and
 * finding what a run created or changed so it can come back with the result.
 */
import type { PyodideAPI } from 'pyodide'
import type { FileInfo, InputFile, OutputFile, OutputFileLimits } from '../src/protocol.ts'
import { checkFileName, WORKING_DIRECTORY } from '../src/files/names.ts'
import { mimeTypeFor } from '../src/files/mime.ts'

export { WORKING_DIRECTORY }

type FS = PyodideAPI['FS']

/** What a file looked like before a run: enough to tell whether the run touched it. */
type Snapshot = Map<string, string>

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
export function listFiles(fs: FS): FileInfo[] {
  return [...walk(fs, WORKING_DIRECTORY, '')].map(({ name, size }) => ({ name, size }))
}

export function readFileHead(fs: FS, name: string, maxBytes: number): Uint8Array {
  const data = fs.readFile(`${WORKING_DIRECTORY}/${checkFileName(name)}`) as Uint8Array
  return data.length > maxBytes ? data.slice(0, maxBytes) : data
}

export function snapshot(fs: FS): Snapshot {
  return new Map([...walk(fs, WORKING_DIRECTORY, '')].map(({ name, size, mtime }) => [name, `${size}:${mtime}`]))
}

/** Files created or changed since `before`, with their bytes, within the limits. */
export function changedFiles(fs: FS, before: Snapshot, limits: OutputFileLimits): { files: OutputFile[]; omitted: FileInfo[] } {
  const files: OutputFile[] = []
  const omitted: FileInfo[] = []
  let total = 0
  for (const { name, size, mtime } of walk(fs, WORKING_DIRECTORY, '')) {
    if (before.get(name) === `${size}:${mtime}`) continue
    const fits = files.length < limits.maxFiles && size <= limits.maxFileBytes && total + size <= limits.maxTotalBytes
    if (!fits) {
      omitted.push({ name, size })
      continue
    }
    total += size
    files.push({ name, mimeType: mimeTypeFor(name), size, data: fs.readFile(`${WORKING_DIRECTORY}/${name}`) as Uint8Array })
  }
  return { files, omitted }
}

function* walk(fs: FS, dir: string, prefix: string): Generator<{ name: string; size: number; mtime: number }> {
  for (const entry of (fs.readdir(dir) as string[]).sort()) {
    if (entry.startsWith('.')) continue
    const path = `${dir}/${entry}`
    const stat = fs.stat(path) as { mode: number; size: number; mtime: Date }
    const name = prefix + entry
    if (fs.isDir(stat.mode)) yield* walk(fs, path, `${name}/`)
    else if (fs.isFile(stat.mode)) yield { name, size: stat.size, mtime: stat.mtime.getTime() }
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
  return fs.analyzePath(path).exists
}
