/**
 * Download progress of the packages a run imports, with bytes, and a plain
 * note when one cannot be had (offline, or not in this app's mirror).
 */
import type { PackageProgress } from '../../index.ts'
import { formatBytes } from './products.tsx'

/** Merges a package event into the list; a "loaded" event keeps the byte counts its downloads reported. */
export function withProgress(list: readonly PackageProgress[], event: PackageProgress): PackageProgress[] {
  const previous = list.find((item) => item.name === event.name)
  const merged = { ...previous, ...event }
  if (event.state === 'loaded' && merged.totalBytes === undefined && merged.loadedBytes !== undefined) merged.totalBytes = merged.loadedBytes
  return [...list.filter((item) => item.name !== event.name), merged]
}

function bytes(item: PackageProgress): string {
  if (item.loadedBytes === undefined) return ''
  return ` · ${formatBytes(item.loadedBytes)}${item.totalBytes ? ` of ${formatBytes(item.totalBytes)}` : ''}`
}

export function PackageBars({ packages }: { packages: readonly PackageProgress[] }) {
  if (packages.length === 0) return null
  return (
    <ul class="packages" aria-label="Libraries this run loaded">
      {packages.map((item) =>
        item.state === 'failed' ? (
          <li key={item.name} class="note warning-text">
            {item.name} could not be loaded: it is not in this app's library mirror and cannot be downloaded now (offline?). Code that imports it will fail.
          </li>
        ) : (
          <li key={item.name}>
            <label>
              <span>
                {item.state === 'loaded' ? 'Loaded' : 'Loading'} {item.name} ({item.index} of {item.total})
                {bytes(item)}
              </span>
              <progress
                max={item.totalBytes ?? 1}
                value={item.state === 'loaded' ? (item.totalBytes ?? 1) : item.totalBytes && item.loadedBytes !== undefined ? item.loadedBytes : undefined}
              />
            </label>
          </li>
        ),
      )}
    </ul>
  )
}
