/**
 * MIME types for files coming back from a run.
 *
 * A file the code writes is untrusted content. A type such as `text/html` or
 * `image/svg+xml` on a Blob makes a browser run the file's scripts in the
 * origin of the page that made the blob URL (the app's, with its storage and
 * its API key) as soon as someone opens the link in a tab. So the library
 * hands out a type only from an allow-list of inert types, and keeps what the
 * file's name declares in a separate field, for display:
 *
 * - `mimeType` (`inertMimeType`): safe to put on a Blob, a `data:` URL or a
 *   response. HTML, SVG, XML, XHTML, XSLT, JavaScript, CSS and anything
 *   unknown are `application/octet-stream`; images are `image/png`,
 *   `image/jpeg`, `image/gif` or `image/webp` only when their bytes say so.
 * - `declaredMimeType` (`declaredMimeTypeFor`): what the extension says, e.g.
 *   `text/html` for `report.html`. Never use it to render the file.
 */
import { sniffImageType } from './image-type.ts'

/** What a file name's extension declares. Unknown extensions declare `application/octet-stream`. */
const DECLARED: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  geojson: 'application/geo+json',
  html: 'text/html',
  htm: 'text/html',
  xhtml: 'application/xhtml+xml',
  xht: 'application/xhtml+xml',
  xml: 'application/xml',
  xsl: 'application/xslt+xml',
  xslt: 'application/xslt+xml',
  svg: 'image/svg+xml',
  svgz: 'image/svg+xml',
  js: 'text/javascript',
  mjs: 'text/javascript',
  css: 'text/css',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  zip: 'application/zip',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  tex: 'application/x-tex',
  rtf: 'application/rtf',
  py: 'text/x-python',
}

/**
 * Declared types a browser never runs script from, at top level or in a
 * frame: plain text is shown as text (Chromium never sniffs `text/plain`
 * into HTML), the rest are downloaded or shown by a viewer of their own.
 * Image types are not here: they are decided by the bytes.
 */
const INERT = new Set([
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
  'text/markdown',
  'application/json',
  'application/geo+json',
  'application/pdf',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/x-tex',
  'application/rtf',
])

/** Source code is shown as plain text: `text/x-python` is not a type every browser knows to show. */
const SHOWN_AS = new Map([['text/x-python', 'text/plain']])

export const OPAQUE_BYTES = 'application/octet-stream'

/**
 * What a file's name declares, e.g. `text/html` for `report.html`.
 *
 * @example declaredMimeTypeFor('chart.SVG') // 'image/svg+xml'
 */
export function declaredMimeTypeFor(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return (dot > 0 && DECLARED[base.slice(dot + 1).toLowerCase()]) || OPAQUE_BYTES
}

/** What the worker reports for a file; the main thread replaces it (see `src/sandbox/inert-products.ts`). */
export const mimeTypeFor = declaredMimeTypeFor

/**
 * The type to put on a Blob or a `data:` URL of a file the code wrote: the
 * declared type when it is inert, the image type the bytes prove, else
 * `application/octet-stream`.
 *
 * @example
 * inertMimeType('report.html', bytes) // 'application/octet-stream'
 * inertMimeType('table.csv', bytes)   // 'text/csv'
 * inertMimeType('chart.png', pngBytes) // 'image/png'; with other bytes: 'application/octet-stream'
 */
export function inertMimeType(name: string, data: Uint8Array): string {
  const declared = declaredMimeTypeFor(name)
  if (declared.startsWith('image/')) {
    const sniffed = sniffImageType(data)
    return sniffed !== undefined && sniffed === declared ? sniffed : OPAQUE_BYTES
  }
  if (INERT.has(declared)) return declared
  return SHOWN_AS.get(declared) ?? OPAQUE_BYTES
}
