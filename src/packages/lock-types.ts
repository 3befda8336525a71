import type { Lockfile, LockfilePackage } from 'pyodide'

export type { Lockfile, LockfilePackage }

/**
 * One entry of our committed PyPI lock (src/packages/pypi-lock.json): a
 * LockfilePackage plus where the file came from, so the vendor script can
 * check PyPI's digest against ours.
 */
export interface PypiExtra {
  name: string
  version: string
  /** Absolute files.pythonhosted.org URL, or a bare file name for wheels we build from an sdist. */
  file_name: string
  sha256: string
  size: number
  depends: string[]
  imports: string[]
  /** Set when PyPI publishes no wheel and the vendor script builds one from this sdist. */
  sdist?: { url: string; sha256: string; size: number }
}

export interface PypiExtrasLock {
  comment: string
  packages: Record<string, PypiExtra>
}
