/**
 * The files the asset relay serves: named files, not folders.
 *
 * - The Pyodide core files the worker fetches from `indexURL`.
 * - The two locks the worker chooses between (see
 *   `worker/package-lock-choice.ts`): the mirror's, and Pyodide's own.
 * - Every package file a lock names (with a mirror's bytecode bundles),
 *   learned from the lock's bytes as the
 *   relay itself fetched and served them: file names resolve against
 *   `packagesURL` (the mirror) or, in Pyodide's lock, against its CDN, and the
 *   PyPI extras (`src/packages/pypi-lock.json`, bundled here) come with it.
 *   Only files in the three places packages come from count: the mirror, the
 *   CDN and PyPI's file host.
 *   The worker never sends a list: the main thread reads the same locks the
 *   worker gets, so nothing Python does can add a file.
 * - Folders the app adds itself (`FrameHostOptions.extraConnectSrc`), matched
 *   on the canonical URL only.
 *
 * Every URL is first put through `checkAssetURL`, so an encoded separator,
 * a dot segment, a query or a backslash is refused before any comparison.
 */
import { CORE_FILES } from '../../packages/distribution.ts'
import { DEFAULT_CDN_URL, onlineLock } from '../../packages/lock-core.mjs'
import type { Lockfile, PypiExtrasLock } from '../../packages/lock-types.ts'
import pypiLockJson from '../../packages/pypi-lock.json' with { type: 'json' }
import { checkAssetURL, isUnderPrefix, type AssetURLCheck } from './asset-url.ts'

/**
 * What the worker may fetch from `indexURL`: the core files of either release
 * line it starts (`src/packages/distribution.ts`): the loader module, the
 * Emscripten module (`pyodide.asm.mjs` for 314.x, `pyodide.asm.js` for
 * 0.27.x), the WebAssembly binary, the standard library and the lock. The
 * main thread cannot know the release before the worker has read it, and
 * every one of these is a public file of any Pyodide release.
 */
export const PYODIDE_CORE_FETCHES: readonly string[] = [...new Set([...CORE_FILES.modern, ...CORE_FILES.classic])]

/** PyPI's file host: the PyPI extras' wheels, when no mirror holds them. */
export const PYPI_FILES = 'https://files.pythonhosted.org/packages/'

/** The lock `npm run vendor` writes beside the mirrored files. */
export const MIRROR_LOCK_FILE = 'pyodide-lock.json'

export interface AssetAllowListInputs {
  /** The Pyodide core folder, absolute, ending with `/`. */
  indexURL: string
  /** The package mirror folder, absolute, ending with `/`. */
  packagesURL: string
  /** Where Pyodide's lock file names point when no mirror is vendored. Default: Pyodide 314.0.7 on jsDelivr. */
  cdnURL?: string
  /** Folders (ending with `/`) the app allows besides. Default: none. */
  extraPrefixes?: readonly string[]
}

export interface AssetAllowList {
  /** The canonical URL when the relay may fetch it, or why not. */
  check(raw: string): AssetURLCheck
  /** Whether `url` is one of the two locks, whose files `learnLock` adds. */
  isLock(url: string): boolean
  /** Adds the files named by a lock the relay has just fetched from `url` (ignored unless `url` is one of the two locks). */
  learnLock(url: string, body: ArrayBuffer): void
}

export function createAssetAllowList(inputs: AssetAllowListInputs): AssetAllowList {
  const cdnURL = inputs.cdnURL ?? DEFAULT_CDN_URL
  const coreLock = new URL('pyodide-lock.json', inputs.indexURL).href
  const mirrorLock = new URL(MIRROR_LOCK_FILE, inputs.packagesURL).href
  const files = new Set<string>([...PYODIDE_CORE_FETCHES.map((name) => new URL(name, inputs.indexURL).href), mirrorLock])
  const extraPrefixes = inputs.extraPrefixes ?? []
  const packageSources = [inputs.packagesURL, cdnURL, PYPI_FILES]

  const isLock = (url: string) => url === coreLock || url === mirrorLock
  const addFilesOf = (lock: Lockfile) => {
    for (const entry of Object.values(lock.packages)) {
      // A mirror's package may come with its bytecode bundle (worker/bytecode.ts), a file of the same folder.
      const bytecode = (entry as { bytecode?: { file_name?: unknown } }).bytecode?.file_name
      for (const fileName of [entry.file_name, bytecode]) {
        const url = resolveFileName(fileName, inputs.packagesURL)
        const canonical = url === undefined ? undefined : checkAssetURL(url)
        if (canonical?.ok && packageSources.some((source) => isUnderPrefix(canonical.url, source))) files.add(canonical.url)
      }
    }
  }

  return {
    check(raw) {
      const checked = checkAssetURL(raw)
      if (!checked.ok) return checked
      if (files.has(checked.url) || extraPrefixes.some((prefix) => isUnderPrefix(checked.url, prefix))) return checked
      return { ok: false, reason: 'not a file of the Pyodide distribution or a package in its lock' }
    },
    isLock,
    learnLock(url, body) {
      if (!isLock(url)) return
      const lock = parseLock(body)
      if (lock === undefined) return
      if (url === mirrorLock) return addFilesOf(lock)
      try {
        addFilesOf(onlineLock(lock, pypiLockJson as PypiExtrasLock, cdnURL) as Lockfile)
      } catch {
        // A lock the worker cannot use either (it builds the same one): it names no file.
      }
    },
  }
}

/** Where Pyodide fetches a lock's `file_name` from: an absolute URL as it is, a relative name under the package base. */
function resolveFileName(fileName: unknown, packagesURL: string): string | undefined {
  if (typeof fileName !== 'string') return undefined
  try {
    return new URL(fileName, packagesURL).href
  } catch {
    return undefined
  }
}

function parseLock(body: ArrayBuffer): Lockfile | undefined {
  try {
    const lock = JSON.parse(new TextDecoder().decode(body)) as Partial<Lockfile> | null
    const isLock = typeof lock?.info?.abi_version === 'string' && typeof lock.packages === 'object' && lock.packages !== null
    return isLock ? (lock as Lockfile) : undefined
  } catch {
    return undefined
  }
}
