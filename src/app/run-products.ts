/**
 * What a run made besides text, as the console shows it: images inline, and
 * files as download links (the files never left the device; the link is a
 * local blob).
 */
import type { OutputFile, RunResult } from '../index.ts'

export function showProducts(container: HTMLElement, result: RunResult): void {
  for (const url of container.querySelectorAll<HTMLAnchorElement>('a[href^="blob:"]')) URL.revokeObjectURL(url.href)
  container.replaceChildren(...result.images.map(imageElement), ...result.files.map(downloadLink))
  for (const omitted of result.omittedFiles ?? []) {
    const note = document.createElement('p')
    note.className = 'note'
    note.textContent = `${omitted.name} (${omitted.size.toLocaleString()} bytes) was written but is over the size limits, so it is not offered.`
    container.append(note)
  }
}

function imageElement(image: { mimeType: string; data: string }): HTMLImageElement {
  const img = document.createElement('img')
  img.alt = 'An image the code displayed'
  img.src = `data:${image.mimeType};base64,${image.data}`
  return img
}

function downloadLink(file: OutputFile): HTMLAnchorElement {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([file.data as Uint8Array<ArrayBuffer>], { type: file.mimeType }))
  link.download = file.name.split('/').pop() ?? file.name
  link.textContent = `⬇ ${file.name} (${file.size.toLocaleString()} bytes)`
  return link
}
