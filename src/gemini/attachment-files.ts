/**
 * Puts the conversation's attachments into an executor's working directory,
 * once: each executor remembers what it was given under which name, so a chat
 * that resends the same image every message copies it only the first time.
 *
 * Privacy: these bytes are already in `contents`, which the app itself sends
 * to the model; mirroring them onto the device reveals nothing new, whatever
 * `filePrivacy` says.
 */
import type { CodeExecutor, FileAcceptingExecutor } from '../executor.ts'
import { decodeBase64, type Attachment } from './attachments.ts'
import { errorMessage } from '../error-message.ts'

/** What became of a request's attachments, for the tool description. */
export interface AttachmentReport {
  /** In the working directory, in order of first appearance. */
  placed: Attachment[]
  /** Refused by the executor (too large, malformed base64), with why. */
  failed: Array<{ attachment: Attachment; reason: string }>
  /** True when the executor cannot take files at all: the attachments are visible to the model only. */
  unsupported: boolean
}

export function acceptsFiles(executor: CodeExecutor): executor is FileAcceptingExecutor {
  return typeof (executor as Partial<FileAcceptingExecutor>).putFiles === 'function'
}

/** Per executor: the base64 content put under each name (the same string `contents` holds, so no extra copy). */
const placedByExecutor = new WeakMap<FileAcceptingExecutor, Map<string, string>>()


/**
 * Puts the attachments the executor does not already hold under their
 * names. One file at a time, so one refused file (over the size limit) does
 * not keep the others out. Never throws: failures are reported.
 */
export async function placeAttachments(executor: CodeExecutor, attachments: readonly Attachment[]): Promise<AttachmentReport> {
  const report: AttachmentReport = { placed: [], failed: [], unsupported: false }
  if (attachments.length === 0) return report
  if (!acceptsFiles(executor)) return { ...report, unsupported: true }
  let placed = placedByExecutor.get(executor)
  if (!placed) placedByExecutor.set(executor, (placed = new Map()))
  for (const attachment of attachments) {
    if (placed.get(attachment.name) === attachment.data) {
      report.placed.push(attachment)
      continue
    }
    try {
      await executor.putFiles([{ name: attachment.name, data: decodeBase64(attachment.data) }])
      placed.set(attachment.name, attachment.data)
      report.placed.push(attachment)
    } catch (error) {
      // A name that held something else may now hold neither: forget it so the next request tries again.
      placed.delete(attachment.name)
      report.failed.push({ attachment, reason: errorMessage(error) })
    }
  }
  return report
}
