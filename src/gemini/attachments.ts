/**
 * The files a user attached to the conversation, and the names they get in
 * the sandbox's working directory.
 *
 * In Gemini's own code-execution flow, the model's server-side code can open
 * what the user sent inline (an image, a CSV). Here the code runs in a local
 * sandbox, so the broker mirrors every inline attachment of the user's
 * messages into the working directory. The names must let the model find each
 * file and must not change from one chat message to the next, so they are
 * numbered by first appearance across the whole conversation: `input_1.png`,
 * `input_2.csv`, … Identical attachments share one name (and one file).
 *
 * Pure: no executor, no I/O.
 */
import type { Content } from '@google/genai'

/** One attachment as it will be put into the working directory. */
export interface Attachment {
  /** The file's name in the working directory, e.g. `input_1.png`. */
  name: string
  mimeType: string
  /** The base64 content, exactly as in the part. */
  data: string
  /** The user message it was first attached to, counting from 1 (function-response turns are not messages). */
  message: number
  /** The label the app gave the blob (`inlineData.displayName`), to help the model tell attachments apart. */
  displayName?: string
}

/** Extensions by MIME type, so that code (and libraries that sniff by extension) see the usual name. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'image/svg+xml': 'svg',
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/html': 'html',
  'text/xml': 'xml',
  'application/xml': 'xml',
  'application/json': 'json',
  'application/pdf': 'pdf',
  'text/x-python': 'py',
  'text/javascript': 'js',
  'application/rtf': 'rtf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/ogg': 'ogg',
  'audio/flac': 'flac',
  'audio/aac': 'aac',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
}

/** `text/csv; charset=utf-8` → `csv`; an unknown type keeps a short plain subtype (`image/avif` → `avif`), else `bin`. */
export function extensionFor(mimeType: string): string {
  const type = mimeType.split(';')[0]!.trim().toLowerCase()
  const known = EXTENSIONS[type]
  if (known) return known
  const subtype = type.split('/')[1] ?? ''
  return /^[a-z0-9]{1,8}$/.test(subtype) ? subtype : 'bin'
}

/**
 * A user turn that only answers function calls (function responses, and on
 * 2.x the run's images after them) is not a message from the user: its images
 * came out of the sandbox, not into it.
 */
function isToolTurn(content: Content): boolean {
  return (content.parts ?? []).some((part) => part.functionResponse !== undefined)
}

/**
 * Every distinct inline file in the user's messages, in order of first
 * appearance, with its name. Model turns (whose images are run results) and
 * function-response turns are skipped; `fileData` parts (URIs) have no bytes
 * to put and are skipped too.
 */
export function findAttachments(contents: readonly Content[]): Attachment[] {
  const attachments: Attachment[] = []
  const byData = new Map<string, Attachment>()
  let message = 0
  for (const content of contents) {
    if (content.role === 'model' || isToolTurn(content)) continue
    message++
    for (const part of content.parts ?? []) {
      const blob = part.inlineData
      if (!blob || typeof blob.data !== 'string' || blob.data === '') continue
      if (byData.has(blob.data)) continue
      const mimeType = blob.mimeType ?? 'application/octet-stream'
      const attachment: Attachment = { name: `input_${attachments.length + 1}.${extensionFor(mimeType)}`, mimeType, data: blob.data, message }
      if (blob.displayName) attachment.displayName = blob.displayName
      attachments.push(attachment)
      byData.set(blob.data, attachment)
    }
  }
  return attachments
}

/** The bytes of base64 text, standard or URL-safe, padded or not. Throws on text that is not base64. */
export function decodeBase64(data: string): Uint8Array {
  const standard = data.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='))
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}
