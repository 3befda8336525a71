/**
 * What code made besides text: images inline, files as download links, and
 * HTML or SVG files previewed on demand. Everything goes through the
 * library's safe-display helpers: files are offered inert (an
 * `application/octet-stream` blob with a `download` name, so HTML, SVG or
 * scripts the code wrote are saved, never opened in the app's origin), images
 * are shown only when their bytes prove PNG, JPEG, GIF or WebP, and a preview
 * is a sandboxed, opaque-origin frame with no script and no network.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { canPreview, createFilePreview, imageSource, safeDownloadName, safeFileLabel } from '../../index.ts'

const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

/** Whether a declared type is one the app shows as an image (the bytes are still checked by `ImageView`). */
export function isRasterImage(mimeType: string | undefined): boolean {
  return mimeType !== undefined && RASTER_TYPES.has(mimeType)
}

export function ImageView({ data, alt }: { data: string; alt: string }) {
  const src = imageSource({ data })
  if (src === undefined) return <p class="note">An image that is not a PNG, JPEG, GIF or WebP is not shown.</p>
  return <img class="product-image" alt={alt} src={src} />
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * A file's name as the page shows it: invisible and reordering characters
 * written out (`\u202E`), and isolated, so right-to-left letters in it do not
 * move the text around it.
 */
export function FileName({ name }: { name: string }) {
  return <bdi class="file-name">{safeFileLabel(name)}</bdi>
}

/** HTML or SVG shown in the library's sandboxed frame, made only when the reader opens it. */
function FilePreview({ name, bytes }: { name: string; bytes: Uint8Array<ArrayBuffer> }) {
  const host = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const frame = open ? createFilePreview({ name, data: bytes }) : undefined
    host.current?.replaceChildren(...(frame ? [frame] : []))
  }, [open, name, bytes])
  return (
    <details class="preview" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary class="preview-label">
        Preview <FileName name={name} />
      </summary>
      <div ref={host} />
    </details>
  )
}

/** A link that saves the bytes under a safe version of the file's name, and a preview for HTML and SVG. The object URL lives as long as the link. */
export function DownloadLink({ name, size, bytes }: { name: string; size: number; bytes: Uint8Array<ArrayBuffer> }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' })), [bytes])
  useEffect(() => () => URL.revokeObjectURL(url), [url])
  return (
    <span class="product-file">
      <a class="download" href={url} download={safeDownloadName(name)} rel="noopener noreferrer">
        <span aria-hidden="true">⬇</span>
        {' '}
        <FileName name={name} />{' '}
        <span class="muted">({formatBytes(size)})</span>
      </a>
      {canPreview(name) && <FilePreview name={name} bytes={bytes} />}
    </span>
  )
}
