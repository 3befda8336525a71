/**
 * What code made besides text: images inline, files as download links.
 * Files are offered inert: a blob typed `application/octet-stream` with a
 * `download` attribute, so whatever the code wrote (HTML, SVG, scripts) is
 * saved, never opened in the app's origin. Images are shown only for the
 * raster types browsers cannot run script in.
 */
import { useEffect, useMemo } from 'preact/hooks'

const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

export function isRasterImage(mimeType: string | undefined): boolean {
  return mimeType !== undefined && RASTER_TYPES.has(mimeType)
}

export function ImageView({ mimeType, data, alt }: { mimeType: string; data: string; alt: string }) {
  if (!isRasterImage(mimeType)) return <p class="note">An image of type {mimeType} is not shown.</p>
  return <img class="product-image" alt={alt} src={`data:${mimeType};base64,${data}`} />
}

function baseName(name: string): string {
  return name.split('/').pop() || name
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A link that saves the bytes under the file's name. The object URL lives as long as the link. */
export function DownloadLink({ name, size, bytes }: { name: string; size: number; bytes: Uint8Array<ArrayBuffer> }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' })), [bytes])
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  return (
    <a class="download" href={url} download={baseName(name)}>
      <span aria-hidden="true">⬇</span>
      {` ${name} `}
      <span class="muted">({formatBytes(size)})</span>
    </a>
  )
}
