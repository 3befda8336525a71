// Files on disk: the mirror directory (what gets served) and the download
// cache (what survives `rm -rf public/packages`, keyed by sha256 so a file
// is reused only when it is exactly the one asked for).

import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sha256File } from './http.mjs'

export async function exists(path) {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** True when path holds a file whose sha256 is the expected one. */
export async function hasFileWithHash(path, sha256) {
  return (await exists(path)) && (await sha256File(path)) === sha256
}

/** Atomically places bytes or a file at target (write .part, then rename). */
export async function placeFile(target, source) {
  const part = `${target}.part`
  if (typeof source === 'string') await copyFile(source, part)
  else await writeFile(part, source)
  await rename(part, target)
}

export class WheelCache {
  constructor(dir) {
    this.dir = dir
  }

  pathFor(sha256, fileName) {
    return join(this.dir, sha256, fileName)
  }

  /** The cached path when a file with this sha256 and name is cached intact, else undefined. */
  async lookup(sha256, fileName) {
    if (this.dir == null) return undefined
    const path = this.pathFor(sha256, fileName)
    return (await hasFileWithHash(path, sha256)) ? path : undefined
  }

  async store(sha256, fileName, source) {
    if (this.dir == null) return
    await mkdir(join(this.dir, sha256), { recursive: true })
    await placeFile(this.pathFor(sha256, fileName), source)
  }

  /** Index answers are kept so a re-run can still pick files when the index is down. */
  async storeIndex(project, files) {
    if (this.dir == null) return
    await mkdir(join(this.dir, 'index'), { recursive: true })
    await writeFile(join(this.dir, 'index', `${project}.json`), JSON.stringify(files))
  }

  async lookupIndex(project) {
    if (this.dir == null) return undefined
    try {
      return JSON.parse(await readFile(join(this.dir, 'index', `${project}.json`), 'utf8'))
    } catch {
      return undefined
    }
  }
}

export async function removeQuietly(path) {
  await rm(path, { force: true })
}
