/**
 * Download progress of the packages a run imports, with bytes, and a plain
 * note when one cannot be had (offline, or not in this app's mirror).
 */
import type { PackageProgress } from '../../index.ts'
import { formatBytes } from './products.tsx'

export function PackageBars({ packages }: { packages: readonly PackageProgress[] }) {
  const shown = packages.filter((item) => item.state !== 'loaded')
  if (shown.length === 0) return null
  return (
    <ul class="packages" aria-label="Libraries loading">
      {shown.map((item) =>
        item.state === 'failed' ? (
          <li key={item.name} class="note warning-text">
            {item.name} could not be loaded: it is not in this app's library mirror and cannot be downloaded now (offline?). Code that imports it will fail.
          </li>
        ) : (
          <li key={item.name}>
            <label>
              <span>
                Loading {item.name} ({item.index} of {item.total})
                {item.loadedBytes !== undefined && ` · ${formatBytes(item.loadedBytes)}${item.totalBytes ? ` of ${formatBytes(item.totalBytes)}` : ''}`}
              </span>
              <progress max={item.totalBytes ?? 1} value={item.totalBytes && item.loadedBytes !== undefined ? item.loadedBytes : undefined} />
            </label>
          </li>
        ),
      )}
    </ul>
  )
}
