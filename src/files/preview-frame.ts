/**
 * HTML and SVG files shown as a static picture of their markup: rewritten so
 * that they name no resource (`preview-markup.ts`), then put in a sandboxed,
 * opaque-origin frame under a policy that blocks every request.
 *
 * @example
 * const preview = createFilePreview(file) // undefined unless HTML or SVG
 * if (preview) panel.append(preview)
 */
import { safeFileLabel } from './label.ts'
import { declaredMimeTypeFor } from './mime.ts'
import { cleanHtmlDocument, cleanSvgDocument } from './preview-markup.ts'

interface FileLike {
  name: string
  data: Uint8Array
}

/**
 * The policy inside a preview: no script, no request, nothing but the
 * document's own markup, inline styles and `data:` images. (It comes on top
 * of the frame's `sandbox`, of the page's own policy, which a `srcdoc` frame
 * inherits, and of the rewriting in `preview-markup.ts`, which is what keeps
 * a preview from even resolving a host name.)
 */
export const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"

/** First in every preview's head: the policy, no DNS prefetching, no referrer. */
const PREVIEW_HEAD =
  `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_POLICY}">` +
  '<meta http-equiv="x-dns-prefetch-control" content="off"><meta name="referrer" content="no-referrer">'

const PREVIEWABLE = new Set(['text/html', 'image/svg+xml'])

/** True for the files `createFilePreview` can show: HTML and SVG. */
export function canPreview(name: string): boolean {
  return PREVIEWABLE.has(declaredMimeTypeFor(name))
}

/**
 * An iframe showing an HTML or SVG file, or undefined for other files.
 *
 * The markup is first rewritten so that it names no resource at all
 * (`preview-markup.ts`): no frame, link, image, style or form in it can make
 * the browser resolve a host or connect to one, and a link does nothing when
 * clicked (its destination shows as a tooltip). Only `data:` images are kept.
 * The frame is then `sandbox=""` (no scripts, no forms, no popups, no
 * navigation of the page) and has an opaque origin, so even a hostile file
 * sees nothing of the app; its policy blocks every request. Scripts in the
 * file do not run: the preview shows the markup as a static page.
 */
export function createFilePreview(file: FileLike, doc: Document = document): HTMLIFrameElement | undefined {
  const declared = declaredMimeTypeFor(file.name)
  if (!PREVIEWABLE.has(declared)) return undefined
  const frame = doc.createElement('iframe')
  frame.setAttribute('sandbox', '')
  frame.setAttribute('referrerpolicy', 'no-referrer')
  frame.setAttribute('csp', PREVIEW_POLICY)
  frame.title = `Preview of ${safeFileLabel(file.name)}`
  frame.className = 'file-preview'
  frame.srcdoc = previewDocument(declared, new TextDecoder().decode(file.data))
  return frame
}

/** The `srcdoc` of a preview: the cleaned file, or a note saying why it cannot be shown. */
export function previewDocument(mimeType: string, text: string): string {
  if (mimeType === 'image/svg+xml') {
    const svg = cleanSvgDocument(text)
    // As an <img>, an SVG never runs script and loads nothing, whatever it contains.
    const body = svg.ok ? `<img alt="" style="max-width:100%" src="data:image/svg+xml;base64,${toBase64(new TextEncoder().encode(svg.markup))}">` : notShown(svg.reason)
    return `<!doctype html><html><head>${PREVIEW_HEAD}</head><body style="margin:0">${body}</body></html>`
  }
  const html = cleanHtmlDocument(text, PREVIEW_HEAD)
  return html.ok ? html.markup : `<!doctype html><html><head>${PREVIEW_HEAD}</head><body>${notShown(html.reason)}</body></html>`
}

function notShown(reason: string): string {
  return `<p>This file is not previewed: ${reason}. Download it to see it.</p>`
}

function toBase64(data: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000))
  return btoa(binary)
}
