/**
 * Showing what a run made without letting it run as your app.
 *
 * A blob: or data: URL runs in the origin of the page that made it, so a file
 * the code wrote, opened as HTML or SVG, could read your app's storage (and
 * the API key in it). These helpers are the safe defaults:
 * - `createDownloadLink`: an `<a download>` to an `application/octet-stream`
 *   blob, so clicking, opening in a new tab or pasting the URL all download
 *   the bytes and never render them;
 * - `imageSource`: a `data:` URL for PNG, JPEG, GIF or WebP bytes only;
 * - `createFilePreview`: HTML and SVG shown in a sandboxed, opaque-origin
 *   frame with no scripts and no network.
 *
 * @example
 * for (const file of result.files) list.append(createDownloadLink(file))
 * const preview = createFilePreview(file) // undefined unless HTML or SVG
 * if (preview) panel.append(preview)
 */
import { sniffBase64Image } from './image-type.ts'
import { INVISIBLE_CHARACTERS, safeFileLabel } from './label.ts'
import { OPAQUE_BYTES } from './mime.ts'

interface FileLike {
  name: string
  data: Uint8Array
  size?: number
}

/**
 * A name fit for the `download` attribute: the last path segment, without
 * reserved characters or any that are invisible or reorder text (controls,
 * bidirectional overrides, zero-width characters), never empty, never
 * hidden, at most 120 characters.
 *
 * @example safeDownloadName('out/../report<1>.html') // 'report_1_.html'
 */
export function safeDownloadName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  const cleaned = base.replace(/[<>:"\\|?*]/g, '_').replace(INVISIBLE_CHARACTERS, '_').replace(/^[.\s]+|[.\s]+$/g, '')
  return cleaned.slice(-120) || 'download'
}

/** A download link whose target can never render: an octet-stream blob with a `download` name. */
export function createDownloadLink(file: FileLike, doc: Document = document): HTMLAnchorElement {
  const link = doc.createElement('a')
  link.href = URL.createObjectURL(new Blob([file.data as Uint8Array<ArrayBuffer>], { type: OPAQUE_BYTES }))
  link.download = safeDownloadName(file.name)
  link.rel = 'noopener noreferrer'
  link.textContent = `⬇ ${safeFileLabel(file.name)} (${(file.size ?? file.data.length).toLocaleString()} bytes)`
  return link
}

/** `data:` URL of an image whose bytes are PNG, JPEG, GIF or WebP; undefined for anything else. */
export function imageSource(image: { data: string }): string | undefined {
  const mimeType = sniffBase64Image(image.data)
  return mimeType === undefined ? undefined : `data:${mimeType};base64,${image.data}`
}

// Previews live in their own module, beside the rewriting they rest on.
export { canPreview, createFilePreview, PREVIEW_POLICY } from './preview-frame.ts'
