// HTTP with the two guarantees the vendor script needs: nothing waits
// forever (an idle timer aborts a stalled request), and a half-downloaded
// file can be resumed with a Range request.

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, rm, stat } from 'node:fs/promises'

/** The host could not be reached at all: DNS, refused connection, timeout. */
export class SourceUnreachableError extends Error {
  constructor(url, detail) {
    super(`cannot reach ${new URL(url).origin} (${detail})`)
    this.name = 'SourceUnreachableError'
  }
}

/** The host answered, but not with what we asked for. */
export class HttpStatusError extends Error {
  constructor(url, status) {
    super(`HTTP ${status} for ${url}`)
    this.name = 'HttpStatusError'
    this.status = status
  }
}

function describeFetchFailure(err) {
  const cause = err?.cause
  if (cause?.code) return cause.code
  if (err?.name === 'AbortError' || err?.name === 'TimeoutError') return err.message
  return cause?.message ?? err?.message ?? String(err)
}

/** A fetch whose AbortController fires after timeoutMs without progress; call touch() on progress. */
async function idleFetch(url, { timeoutMs, headers = {} }) {
  const controller = new AbortController()
  let timer
  const touch = () => {
    clearTimeout(timer)
    timer = setTimeout(() => controller.abort(new DOMException(`no data for ${timeoutMs / 1000} s`, 'TimeoutError')), timeoutMs)
  }
  const done = () => clearTimeout(timer)
  touch()
  try {
    const response = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' })
    return { response, touch, done }
  } catch (err) {
    done()
    throw new SourceUnreachableError(url, describeFetchFailure(err))
  }
}

export async function fetchText(url, { timeoutMs, headers }) {
  const { response, done } = await idleFetch(url, { timeoutMs, headers })
  try {
    if (!response.ok) throw new HttpStatusError(url, response.status)
    return { text: await response.text(), contentType: response.headers.get('content-type') ?? '', url: response.url || url }
  } catch (err) {
    if (err instanceof HttpStatusError) throw err
    throw new SourceUnreachableError(url, describeFetchFailure(err))
  } finally {
    done()
  }
}

export async function sha256File(path) {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk)
  return hash.digest('hex')
}

async function sizeOf(path) {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}

/**
 * Downloads url into partPath, continuing from whatever partPath already
 * holds when the server honours Range. Returns the sha256 of the whole file.
 * onBytes(n) is called as data arrives (including bytes already on disk, once).
 */
export async function downloadToFile(url, partPath, { timeoutMs, onBytes = () => {} }) {
  let offset = await sizeOf(partPath)
  const headers = offset > 0 ? { range: `bytes=${offset}-` } : {}
  const { response, touch, done } = await idleFetch(url, { timeoutMs, headers })
  try {
    if (response.status === 416) {
      // Our partial file is not a prefix the server recognises: start over.
      await response.body?.cancel()
      await rm(partPath, { force: true })
      done()
      return await downloadToFile(url, partPath, { timeoutMs, onBytes })
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw new HttpStatusError(url, response.status)
    }
    const resumed = offset > 0 && response.status === 206
    if (!resumed) offset = 0
    const hash = createHash('sha256')
    if (resumed) {
      for await (const chunk of createReadStream(partPath)) hash.update(chunk)
      onBytes(offset)
    }
    const file = await open(partPath, resumed ? 'a' : 'w')
    let bytes = offset
    try {
      if (response.body !== null) {
        for await (const chunk of response.body) {
          touch()
          hash.update(chunk)
          await file.write(chunk)
          bytes += chunk.length
          onBytes(chunk.length)
        }
      }
    } catch (err) {
      throw new SourceUnreachableError(url, `transfer interrupted: ${describeFetchFailure(err)}`)
    } finally {
      await file.close()
    }
    return { sha256: hash.digest('hex'), bytes, resumedFrom: resumed ? offset : 0 }
  } finally {
    done()
  }
}
