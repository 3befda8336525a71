// What the model and the user read when a package cannot be loaded. Each
// message names the package and the fix, because "Failed to fetch" helps
// nobody decide between vendoring and going online.

import { isAbsoluteFileName } from './lock-core.mjs'

export type LoadFailureKind = 'unreachable' | 'timeout' | 'http' | 'integrity' | 'not-vendored' | 'install'

export interface LoadFailureDetail {
  kind: LoadFailureKind
  /** Lock key. */
  package: string
  version?: string
  url?: string
  /** HTTP status, network error text, or Pyodide's own message. */
  detail?: string
  expectedSha256?: string
  actualSha256?: string
  timeoutSeconds?: number
}

const VENDOR_FIX = 'run `npm run vendor` on a machine that can reach the source, then serve public/packages'

function origin(url: string | undefined): string {
  if (url === undefined) return 'its source'
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

export function loadFailureMessage(f: LoadFailureDetail): string {
  const what = f.version === undefined ? f.package : `${f.package} ${f.version}`
  switch (f.kind) {
    case 'integrity':
      return `Refused ${what}: the downloaded file does not match the sha256 in the lock (expected ${f.expectedSha256}, got ${f.actualSha256}) from ${f.url}. The file is corrupted or was replaced; re-run \`npm run vendor\` to refresh the mirror.`
    case 'not-vendored':
      return `Cannot load ${what}: it is only available from the local mirror and it has not been vendored. Fix: ${VENDOR_FIX}.`
    case 'timeout':
      return `Cannot load ${what}: no data from ${origin(f.url)} for ${f.timeoutSeconds} s. Fix: go online, or ${VENDOR_FIX}.`
    case 'unreachable':
      return `Cannot load ${what}: ${origin(f.url)} cannot be reached (${f.detail ?? 'network error'}) and the package is not in the local mirror. Fix: go online, or ${VENDOR_FIX}.`
    case 'http':
      return `Cannot load ${what}: ${f.url} answered ${f.detail}. Fix: ${VENDOR_FIX}, or go online if the mirror is incomplete.`
    case 'install':
      return `Cannot load ${what}: ${(f.detail ?? 'installation failed').replace(/\.$/, '')}.`
  }
}

/** Whether a lock entry's file comes from our own origin (relative file_name) rather than a CDN or PyPI. */
export function isMirrored(fileName: string): boolean {
  return !isAbsoluteFileName(fileName)
}
