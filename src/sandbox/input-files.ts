/**
 * The files the app put into the sandbox, kept on the main thread.
 *
 * They are checked here (names, sizes) before they reach the worker, and
 * kept so that a fresh worker (after `reset()`, a deadline kill or a crash)
 * gets them again: the app's attachments outlive the interpreter, the
 * files the code wrote do not.
 */
import type { FileInfo, InputFile } from '../protocol.ts'
import { checkFileName, SandboxFileError } from '../files/names.ts'
import type { InputFileLimits } from './options.ts'

/** What `putFiles` accepts for a file's content; text is stored as UTF-8. */
export type FileContent = Uint8Array | ArrayBuffer | Blob | string

export interface FileToPut {
  name: string
  data: FileContent
}

export class InputFiles {
  private readonly files = new Map<string, Uint8Array>()

  constructor(private readonly limits: InputFileLimits) {}

  /** Checks and converts files without keeping them yet; throws `SandboxFileError` naming the problem. */
  async prepare(files: readonly FileToPut[]): Promise<InputFile[]> {
    const prepared: InputFile[] = []
    for (const file of files) {
      const name = checkFileName(file.name)
      const data = await toBytes(file.data)
      if (data.length > this.limits.maxFileBytes) {
        throw new SandboxFileError(
          `File ${JSON.stringify(name)} is ${formatBytes(data.length)}, over the ${formatBytes(this.limits.maxFileBytes)} limit for one file.`,
        )
      }
      prepared.push({ name, data })
    }
    const replaced = new Set(prepared.map((file) => file.name))
    const total =
      [...this.files].filter(([name]) => !replaced.has(name)).reduce((sum, [, data]) => sum + data.length, 0) +
      prepared.reduce((sum, file) => sum + file.data.length, 0)
    if (total > this.limits.maxTotalBytes) {
      throw new SandboxFileError(
        `These files would bring the sandbox to ${formatBytes(total)}, over the ${formatBytes(this.limits.maxTotalBytes)} limit for all files.`,
      )
    }
    return prepared
  }

  keep(files: readonly InputFile[]): void {
    for (const file of files) this.files.set(file.name, file.data)
  }

  forget(names: readonly string[]): void {
    for (const name of names) this.files.delete(name)
  }

  all(): InputFile[] {
    return [...this.files].map(([name, data]) => ({ name, data }))
  }

  info(): FileInfo[] {
    return [...this.files].map(([name, data]) => ({ name, size: data.length }))
  }
}

async function toBytes(content: FileContent): Promise<Uint8Array> {
  if (typeof content === 'string') return new TextEncoder().encode(content)
  if (content instanceof Uint8Array) return content.slice() // a copy: later changes by the caller do not leak in
  if (content instanceof ArrayBuffer) return new Uint8Array(content.slice(0))
  if (typeof Blob !== 'undefined' && content instanceof Blob) return new Uint8Array(await content.arrayBuffer())
  throw new TypeError('File data must be a Uint8Array, an ArrayBuffer, a Blob or a string.')
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`
}
