/**
 * What a run made besides text, as the console shows it: images inline, and
 * files as download links (the files never left the device; the link is a
 * local blob). Nothing the code wrote is rendered in the app's origin: links
 * download octet-stream blobs, images are PNG, JPEG, GIF or WebP by their
 * bytes, and HTML or SVG is previewed only in a sandboxed frame
 * (`src/files/safe-display.ts`).
 */
import type { OutputFile, RunResult } from '../index.ts'
import { canPreview, createDownloadLink, createFilePreview, imageSource } from '../files/safe-display.ts'

export function showProducts(container: HTMLElement, result: RunResult): void {
  for (const url of container.querySelectorAll<HTMLAnchorElement>('a[href^="blob:"]')) URL.revokeObjectURL(url.href)
  container.replaceChildren(...result.images.flatMap(imageElement), ...result.files.map(fileEntry))
  for (const omitted of result.omittedFiles ?? []) {
    const note = document.createElement('p')
    note.className = 'note'
    note.textContent = `${omitted.name} (${omitted.size.toLocaleString()} bytes) was written but is over the size limits, so it is not offered.`
    container.append(note)
  }
}

function imageElement(image: { data: string }): HTMLImageElement[] {
  const source = imageSource(image)
  if (source === undefined) return []
  const img = document.createElement('img')
  img.alt = 'An image the code displayed'
  img.src = source
  return [img]
}

/** A download link; for HTML and SVG, also a preview that opens in a sandboxed frame on request. */
function fileEntry(file: OutputFile): HTMLElement {
  const link = createDownloadLink(file)
  if (!canPreview(file.name)) return link
  const entry = document.createElement('details')
  entry.className = 'file-entry'
  const summary = document.createElement('summary')
  summary.append(link, ' ', Object.assign(document.createElement('span'), { className: 'preview-label', textContent: 'Preview' }))
  entry.append(summary)
  entry.addEventListener('toggle', () => {
    if (entry.open && !entry.querySelector('iframe')) entry.append(createFilePreview(file)!)
  }, { once: false })
  return entry
}
