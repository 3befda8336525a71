/**
 * Files the user attaches (button, drag-and-drop, paste) become pending
 * attachments: their bytes read into base64, with a MIME type Gemini accepts.
 * Anything else is refused with a reason.
 */
import type { PendingAttachment } from '../store/app-store.ts'
import { safeFileLabel } from '../../index.ts'
import { encodeBase64 } from './base64.ts'

/** Gemini's inline data limit is about 20 MB per request; keep each file well under it. */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024

const BY_EXTENSION: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  py: 'text/x-python',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
}

export const ACCEPT = Object.keys(BY_EXTENSION).map((extension) => `.${extension}`).join(',')

/** The MIME type to send, from the extension first (browsers call CSV many things), or undefined when not accepted. */
export function attachmentType(file: { name: string; type: string }): string | undefined {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? ''
  if (BY_EXTENSION[extension]) return BY_EXTENSION[extension]
  if (file.type.startsWith('text/')) return 'text/plain'
  return Object.values(BY_EXTENSION).includes(file.type) ? file.type : undefined
}

export async function readAttachments(files: Iterable<File>): Promise<{ added: PendingAttachment[]; refused: string[] }> {
  const added: PendingAttachment[] = []
  const refused: string[] = []
  for (const file of files) {
    const mimeType = attachmentType(file)
    if (!mimeType) refused.push(`${safeFileLabel(file.name)}: only CSV, text, JSON, PDF and PNG/JPEG/GIF/WebP images can be attached`)
    else if (file.size > MAX_ATTACHMENT_BYTES) refused.push(`${safeFileLabel(file.name)}: larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`)
    else added.push({ id: crypto.randomUUID(), name: file.name || `pasted.${mimeType.split('/')[1]}`, mimeType, size: file.size, data: encodeBase64(new Uint8Array(await file.arrayBuffer())) })
  }
  return { added, refused }
}
