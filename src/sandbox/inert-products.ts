/**
 * Makes what a run hands back safe to show, before any app sees it.
 *
 * The worker's word on a file's type or an image's type is not taken: code in
 * the sandbox can write `report.html` or push an `image/svg+xml` "image" with
 * a script in it. Here, on the main thread:
 * - every file gets `mimeType` from the inert allow-list (`src/files/mime.ts`)
 *   and `declaredMimeType` from its name, whatever the worker said;
 * - an image is kept only when its bytes are PNG, JPEG, GIF or WebP, and then
 *   carries the type its bytes prove; the others are dropped with a note.
 */
import { declaredMimeTypeFor, inertMimeType } from '../files/mime.ts'
import { sniffBase64Image } from '../files/image-type.ts'
import type { RunResult } from '../protocol.ts'

export function notAnImageNote(count: number): string {
  return `${count} image${count === 1 ? ' was' : 's were'} not PNG, JPEG, GIF or WebP data and ${count === 1 ? 'was' : 'were'} dropped.`
}

export function makeProductsInert(result: RunResult): RunResult {
  const files = result.files.map(({ name, size, data }) => ({
    name,
    size,
    mimeType: inertMimeType(name, data),
    declaredMimeType: declaredMimeTypeFor(name),
    data,
  }))
  const images = result.images.flatMap(({ data }) => {
    const mimeType = sniffBase64Image(data)
    return mimeType === undefined ? [] : [{ mimeType, data }]
  })
  const dropped = result.images.length - images.length
  if (dropped === 0) return { ...result, files, images }
  const note = notAnImageNote(dropped)
  const output = `${result.output}${result.output === '' || result.output.endsWith('\n') ? '' : '\n'}${note}\n`
  return { ...result, files, images, output }
}
