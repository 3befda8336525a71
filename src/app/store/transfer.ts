/**
 * A conversation as one JSON file (attachments and produced files included,
 * base64), and as Markdown for pasting elsewhere. Import checks the shape and
 * says what is wrong rather than storing something half-valid.
 */
import type { Content, Part } from '@google/genai'
import { safeFileLabel } from '../../index.ts'
import { mergeTextParts } from '../../gemini/merge-text.ts'
import type { Conversation } from './conversation.ts'

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

export class ImportError extends Error {
  override readonly name = 'ImportError'
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const isContentList = (value: unknown): value is Content[] =>
  Array.isArray(value) && value.every((content) => isObject(content) && (content.parts === undefined || Array.isArray(content.parts)))

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const isFileList = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.every(
    (file) => isObject(file) && typeof file.name === 'string' && typeof file.mimeType === 'string' && typeof file.size === 'number' && typeof file.data === 'string' && BASE64.test(file.data),
  )

/** Parses an export file. Throws `ImportError` naming the first problem. */
export function importConversation(text: string): Conversation {
  let file: unknown
  try {
    file = JSON.parse(text)
  } catch {
    throw new ImportError('This file is not JSON.')
  }
  if (!isObject(file) || file.format !== EXPORT_FORMAT) throw new ImportError('This is not a conversation exported by this app.')
  if (file.version !== EXPORT_VERSION) throw new ImportError(`This export is version ${String(file.version)}; this app reads version ${EXPORT_VERSION}.`)
  const conversation = file.conversation
  if (!isObject(conversation)) throw new ImportError('The file has no conversation.')
  for (const field of ['id', 'title', 'model'] as const) {
    if (typeof conversation[field] !== 'string') throw new ImportError(`The conversation's ${field} is missing.`)
  }
  for (const field of ['createdAt', 'updatedAt'] as const) {
    if (typeof conversation[field] !== 'number') throw new ImportError(`The conversation's ${field} is missing.`)
  }
  if (!isContentList(conversation.history) || !isContentList(conversation.wire)) throw new ImportError('The conversation’s messages are malformed.')
  if (conversation.api !== undefined && conversation.api !== 'generateContent' && conversation.api !== 'interactions') throw new ImportError('The conversation’s API is unknown.')
  if (conversation.interactionId !== undefined && typeof conversation.interactionId !== 'string') throw new ImportError('The conversation’s interaction id is malformed.')
  if (!isObject(conversation.files) || !Object.values(conversation.files).every(isFileList)) throw new ImportError('The conversation’s files are malformed.')
  return conversation as unknown as Conversation
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
