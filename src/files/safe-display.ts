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
import { declaredMimeTypeFor, OPAQUE_BYTES } from './mime.ts'

interface FileLike {
  name: string
  data: Uint8Array
  size?: number
}

/**
 * A name fit for the `download` attribute: the last path segment, without
 * control or reserved characters, never empty, never hidden, at most 120 characters.
 *
 * @example safeDownloadName('out/../report<1>.html') // 'report_1_.html'
 */
export function safeDownloadName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"\\|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '')
  return cleaned.slice(-120) || 'download'
}

/** A download link whose target can never render: an octet-stream blob with a `download` name. */
export function createDownloadLink(file: FileLike, doc: Document = document): HTMLAnchorElement {
  const link = doc.createElement('a')
  link.href = URL.createObjectURL(new Blob([file.data as Uint8Array<ArrayBuffer>], { type: OPAQUE_BYTES }))
  link.download = safeDownloadName(file.name)
  link.rel = 'noopener noreferrer'
  link.textContent = `⬇ ${file.name} (${(file.size ?? file.data.length).toLocaleString()} bytes)`
  return link
}

/** `data:` URL of an image whose bytes are PNG, JPEG, GIF or WebP; undefined for anything else. */
export function imageSource(image: { data: string }): string | undefined {
  const mimeType = sniffBase64Image(image.data)
  return mimeType === undefined ? undefined : `data:${mimeType};base64,${image.data}`
}

/**
 * The policy inside a preview: no script, no request, nothing but the
 * document's own markup, inline styles and `data:` images. (It comes on top
 * of the frame's `sandbox` and of the page's own policy, which a `srcdoc`
 * frame inherits.)
 */
export const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

const PREVIEWABLE = new Set(['text/html', 'image/svg+xml'])

/** True for the files `createFilePreview` can show: HTML and SVG. */
export function canPreview(name: string): boolean {
  return PREVIEWABLE.has(declaredMimeTypeFor(name))
}

/**
 * An iframe showing an HTML or SVG file, or undefined for other files. The
 * frame is `sandbox=""` (no scripts, no forms, no popups, no navigation of
 * the page) and has an opaque origin, so even a hostile file sees nothing of
 * the app; its policy blocks every request. Scripts in the file do not run:
 * the preview shows the markup as a static page.
 */
export function createFilePreview(file: FileLike, doc: Document = document): HTMLIFrameElement | undefined {
  const declared = declaredMimeTypeFor(file.name)
  if (!PREVIEWABLE.has(declared)) return undefined
  const frame = doc.createElement('iframe')
  frame.setAttribute('sandbox', '')
  frame.setAttribute('referrerpolicy', 'no-referrer')
  frame.setAttribute('csp', PREVIEW_POLICY)
  frame.title = `Preview of ${file.name}`
  frame.className = 'file-preview'
  const policy = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_POLICY}">`
  if (declared === 'image/svg+xml') {
    // As an <img>, an SVG never runs script, whatever it contains.
    const source = `data:image/svg+xml;base64,${toBase64(file.data)}`
    frame.srcdoc = `<!doctype html><html><head>${policy}</head><body style="margin:0"><img alt="" style="max-width:100%" src="${source}"></body></html>`
  } else {
    frame.srcdoc = `${policy}${new TextDecoder().decode(file.data)}`
  }
  return frame
}

function toBase64(data: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000))
  return btoa(binary)
}
