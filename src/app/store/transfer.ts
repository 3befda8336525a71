/**
 * A conversation as one JSON file (attachments and produced files included,
 * base64), and as Markdown for pasting elsewhere. Import checks every field
 * and says what is wrong, or what it left out, rather than storing something
 * that breaks the view.
 */
import type { Content, Part } from '@google/genai'
import { safeFileLabel } from '../../index.ts'
import { mergeTextParts } from '../../gemini/merge-text.ts'
import type { Conversation } from './conversation.ts'
import { checkConversation, type CheckedImport } from './import-check.ts'
import { ImportError, IMPORT_LIMITS, isObject, megabytes } from './part-check.ts'

export { ImportError, IMPORT_LIMITS }

export const EXPORT_FORMAT = 'pyodide-code-execution/conversation'
export const EXPORT_VERSION = 1

interface ExportFile {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  conversation: Conversation
}

export function exportConversation(conversation: Conversation): string {
  const file: ExportFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, conversation }
  return JSON.stringify(file, null, 1)
}

export function exportFileName(conversation: Conversation): string {
  const slug = conversation.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)
  return `${slug || 'conversation'}.json`
}

/**
 * Parses an export file and checks it field by field (see `import-check.ts`).
 * Throws `ImportError` saying what is wrong when it cannot be imported; what
 * had to be left out of one that can is listed in `repairs`.
 */
export function importConversation(text: string): CheckedImport {
  if (text.length > IMPORT_LIMITS.fileChars) {
    throw new ImportError(`This file is ${megabytes(text.length)}; the largest conversation this app imports is ${megabytes(IMPORT_LIMITS.fileChars)}.`)
  }
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch {
    throw new ImportError('This file is not JSON.')
  }
  if (!isObject(file) || file['format'] !== EXPORT_FORMAT) throw new ImportError('This is not a conversation exported by this app.')
  if (file['version'] !== EXPORT_VERSION) throw new ImportError(`This export is version ${String(file['version']).slice(0, 20)}; this app reads version ${EXPORT_VERSION}.`)
  return checkConversation(file['conversation'])
}

function partToMarkdown(part: Part): string | undefined {
  if (part.thought) return undefined
  if (part.text !== undefined) return part.text
  if (part.executableCode) return `\`\`\`python\n${(part.executableCode.code ?? '').replace(/\n$/, '')}\n\`\`\``
  if (part.codeExecutionResult) {
    const outcome = part.codeExecutionResult.outcome ?? 'OUTCOME_OK'
    const note = outcome === 'OUTCOME_OK' ? 'Output' : `Output (${outcome})`
    return `${note}:\n\n\`\`\`text\n${(part.codeExecutionResult.output || '(no output)').replace(/\n$/, '')}\n\`\`\``
  }
  if (part.inlineData) return `*[${safeFileLabel(part.inlineData.displayName ?? part.inlineData.mimeType ?? 'file')}]*`
  return undefined
}

/** The conversation as Markdown: headings per speaker, code and output fenced, images and files named. */
export function conversationToMarkdown(conversation: Pick<Conversation, 'title' | 'history'>): string {
  const sections = [`# ${conversation.title}`]
  for (const content of conversation.history) {
    const parts = mergeTextParts(content.parts ?? []).map(partToMarkdown).filter((text): text is string => text !== undefined && text !== '')
    if (parts.length === 0) continue
    sections.push(`## ${content.role === 'user' ? 'You' : 'Gemini'}\n\n${parts.join('\n\n')}`)
  }
  return `${sections.join('\n\n')}\n`
}
