// The fetch wrapper used while packages load. Pyodide 314 downloads each
// package with fetch(new URL(file_name, packageBaseUrl), { integrity }) and
// never times out; while we load, this wrapper takes those requests over: it
// streams the body (progress), aborts after a silence (fail fast instead of
// hanging), and checks the sha256 itself so a mismatch says which file and
// which hashes instead of "Failed to fetch".

import type { PyodideAPI } from 'pyodide'
import { loadFailureMessage, type LoadFailureDetail } from '../src/packages/messages.ts'
import { absolute } from './package-lock-choice.ts'
import { joinBytes } from './join-bytes.ts'

export interface Download {
  key: string
  version: string
  /** The 1-based index, assigned when its download starts. */
  index: number
}

export interface FetchHooks {
  downloads: Map<string, Download>
  /** Hex sha256 of a download. */
  sha256: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>
  idleTimeoutMs: number
  mirrorBase: string | undefined
  onBytes(download: Download, loaded: number, total: number | undefined): void
  onStart(download: Download): void
  onFailure(detail: LoadFailureDetail): void
}

function base64ToHex(base64: string): string {
  return Array.from(atob(base64), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')
}

/**
 * SHA-256 by WebCrypto where it exists, else by Python's hashlib: the isolated
 * frame's worker runs from a `blob:null` URL, which is not a secure context,
 * so it has no `crypto.subtle`.
 */
export function sha256With(pyodide: PyodideAPI): (bytes: Uint8Array<ArrayBuffer>) => Promise<string> {
  if (globalThis.crypto?.subtle !== undefined) {
    return async (bytes) => {
      const digest = await crypto.subtle.digest('SHA-256', bytes)
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
    }
  }
  const scope = pyodide.toPy({})
  pyodide.runPython('import hashlib\ndef digest(data):\n    return hashlib.sha256(data.to_bytes()).hexdigest()', { globals: scope, filename: '<sandbox sha256>' })
  const digest = scope.get('digest') as (data: Uint8Array) => string
  scope.destroy()
  return async (bytes) => digest(bytes)
}

function requestUrl(input: RequestInfo | URL): string {
  if (typeof input === 'string') return absolute(input)
  if (input instanceof URL) return input.href
  return input.url
}

/** Replaces globalThis.fetch until the returned function is called. */
export function interceptPackageFetches(hooks: FetchHooks): () => void {
  const original = globalThis.fetch
  let started = 0
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input)
    const download = hooks.downloads.get(url)
    const integrity = /^sha256-(.+)$/.exec(init?.integrity ?? '')?.[1]
    if (download === undefined || integrity === undefined) return original(input, init)
    download.index ||= ++started
    hooks.onStart(download)
    const failure = { package: download.key, version: download.version, url }
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const touch = () => {
      clearTimeout(timer)
      timer = setTimeout(() => controller.abort(), hooks.idleTimeoutMs)
    }
    touch()
    try {
      const { integrity: _dropped, ...rest } = init ?? {}
      let response: Response
      try {
        response = await original(input, { ...rest, signal: controller.signal })
      } catch (err) {
        const timedOut = controller.signal.aborted
        hooks.onFailure(timedOut ? { ...failure, kind: 'timeout', timeoutSeconds: hooks.idleTimeoutMs / 1000 } : { ...failure, kind: 'unreachable', detail: String((err as Error).message ?? err) })
        throw err
      }
      const mirrored = hooks.mirrorBase !== undefined && url.startsWith(hooks.mirrorBase)
      const html = (response.headers.get('content-type') ?? '').includes('text/html')
      if (!response.ok || (mirrored && html)) {
        await response.body?.cancel()
        const missing = mirrored && (response.status === 404 || html)
        hooks.onFailure(missing ? { ...failure, kind: 'not-vendored' } : { ...failure, kind: 'http', detail: `HTTP ${response.status}` })
        throw new Error(`${url}: HTTP ${response.status}`)
      }
      const totalHeader = Number(response.headers.get('content-length'))
      const total = totalHeader > 0 ? totalHeader : undefined
      const chunks: Uint8Array[] = []
      let loaded = 0
      if (response.body !== null) {
        const reader = response.body.getReader()
        try {
          for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            touch()
            chunks.push(value)
            loaded += value.length
            hooks.onBytes(download, loaded, total)
          }
        } catch (err) {
          hooks.onFailure(controller.signal.aborted ? { ...failure, kind: 'timeout', timeoutSeconds: hooks.idleTimeoutMs / 1000 } : { ...failure, kind: 'unreachable', detail: `transfer interrupted: ${String((err as Error).message ?? err)}` })
          throw err
        }
      }
      const bytes = joinBytes(chunks)
      const expected = base64ToHex(integrity)
      const actual = await hooks.sha256(bytes)
      if (actual !== expected) {
        const detail: LoadFailureDetail = { ...failure, kind: 'integrity', expectedSha256: expected, actualSha256: actual }
        hooks.onFailure(detail)
        throw new Error(loadFailureMessage(detail))
      }
      return new Response(bytes, { status: 200, headers: { 'content-type': 'application/octet-stream' } })
    } finally {
      clearTimeout(timer)
    }
  }
  globalThis.fetch = wrapped as typeof fetch
  return () => {
    if (globalThis.fetch === wrapped) globalThis.fetch = original
  }
}
