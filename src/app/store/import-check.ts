/**
 * An imported conversation, checked field by field before anything of it is
 * stored or shown: an export file is untrusted (anyone can write one), and a
 * value of the wrong type or size would otherwise break the view each time
 * the conversation is opened.
 *
 * The file is refused (`ImportError`) when the conversation as a whole is
 * wrong: its required fields, its lists, its size. A bad part, message or
 * file is left out and the reason noted, so the rest can still be read.
 * Fields only the app sets are never taken from a file as they are: an id
 * that is not a UUID is replaced, and a mark that the conversation replays
 * a recorded demo is dropped.
 */
import type { Content } from '@google/genai'
import type { Conversation, StoredFile } from './conversation.ts'
import { base64, checkContents, fields, ImportError, IMPORT_LIMITS, Invalid, isObject, mimeType, name, object, Repairs } from './part-check.ts'

export { ImportError, IMPORT_LIMITS } from './part-check.ts'

export interface CheckedImport {
  conversation: Conversation
  /** What was left out or changed, one sentence each; empty when the file was clean. */
  repairs: string[]
}

const TITLE_CHARS = 200
/** The app's ids are UUIDs; any other id is replaced (the caller also replaces one already in use). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A model name as Gemini's URLs take it: it becomes part of the request path. */
const MODEL = /^(models\/)?[A-Za-z0-9][\w.-]{0,99}$/
/** An interaction id is sent back as `previous_interaction_id`. */
const INTERACTION_ID = /^[\w.:/-]{1,255}$/

function decodedSize(data: string): number {
  return (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0)
}

function checkFile(value: unknown, where: string, repairs: Repairs): StoredFile | undefined {
  try {
    const file = fields(
      object(value, 'it'),
      { name: (v) => name(v, 'its name'), mimeType: (v) => mimeType(v, 'its MIME type'), size: (v) => v, data: (v) => base64(v, 'its data') },
      ['name', 'mimeType', 'data'],
      repairs,
    ) as unknown as StoredFile
    // The size shown is the size of the bytes, whatever the file says.
    return { ...file, size: decodedSize(file.data) }
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    repairs.note(`${where} was left out: ${error.message}`)
    return undefined
  }
}

/** The files, by the new index of the message that made them; files of a message left out go with it. */
function checkFiles(value: unknown, newIndex: ReadonlyMap<number, number>, repairs: Repairs): Record<number, StoredFile[]> {
  if (!isObject(value)) throw new ImportError('The conversation’s files are malformed.')
  const files: Record<number, StoredFile[]> = {}
  for (const [key, list] of Object.entries(value)) {
    const index = /^\d{1,9}$/.test(key) ? newIndex.get(Number(key)) : undefined
    if (index === undefined) {
      repairs.note(`files said to belong to message ${JSON.stringify(key.slice(0, 20))} were left out: there is no such message`)
      continue
    }
    if (!Array.isArray(list)) {
      repairs.note(`the files of message ${index + 1} were left out: they are not a list`)
      continue
    }
    if (list.length > IMPORT_LIMITS.filesPerMessage) throw new ImportError(`Message ${index + 1} has ${list.length} files; the most this app imports is ${IMPORT_LIMITS.filesPerMessage}.`)
    const checked = list.flatMap((file, at) => checkFile(file, `file ${at + 1} of message ${index + 1}`, repairs) ?? [])
    if (checked.length > 0) files[index] = checked
  }
  return files
}

function required<T>(value: unknown, test: (value: unknown) => value is T, field: string): T {
  if (!test(value)) throw new ImportError(`The conversation's ${field} is missing.`)
  return value
}

const isString = (value: unknown): value is string => typeof value === 'string'
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0

/** The fields in the file's order, so that exporting an imported file gives the same file. */
function inOrderOf(source: Record<string, unknown>, conversation: Conversation): Conversation {
  const keys = [...Object.keys(source).filter((key) => key in conversation), ...Object.keys(conversation).filter((key) => !(key in source))]
  return Object.fromEntries(keys.map((key) => [key, conversation[key as keyof Conversation]])) as unknown as Conversation
}

/** Checks the `conversation` of an export file. Throws `ImportError` when it cannot be imported. */
export function checkConversation(value: unknown): CheckedImport {
  if (!isObject(value)) throw new ImportError('The file has no conversation.')
  const repairs = new Repairs()
  const title = required(value['title'], isString, 'title')
  const model = required(value['model'], isString, 'model')
  const createdAt = required(value['createdAt'], isTime, 'createdAt')
  const updatedAt = required(value['updatedAt'], isTime, 'updatedAt')
  if (!MODEL.test(model)) throw new ImportError(`The conversation’s model, ${JSON.stringify(model.slice(0, 60))}, is not a model name.`)
  const api = value['api']
  if (api !== undefined && api !== 'generateContent' && api !== 'interactions') throw new ImportError('The conversation’s API is unknown.')

  const shown = checkContents(value['history'], 'shown', repairs)
  const sent = checkContents(value['wire'] ?? [], 'sent', repairs)
  const newIndex = new Map<number, number>()
  const history: Content[] = []
  shown.forEach((content, index) => {
    if (!content) return
    newIndex.set(index, history.length)
    history.push(content)
  })
  // Gemini refuses a turn without parts; a turn whose parts were all left out goes too.
  const wire = sent.filter((content): content is Content => content !== undefined && (content.parts?.length ?? 0) > 0)
  const files = checkFiles(value['files'] ?? {}, newIndex, repairs)

  const id = typeof value['id'] === 'string' && UUID.test(value['id']) ? value['id'] : crypto.randomUUID()
  const conversation: Conversation = { id, title: title.trim().slice(0, TITLE_CHARS) || 'Imported chat', createdAt, updatedAt, model, history, wire, files }
  if (title.trim().length > TITLE_CHARS) repairs.note(`the title was cut to ${TITLE_CHARS} characters`)
  if (api !== undefined) conversation.api = api
  const interactionId = value['interactionId']
  if (interactionId !== undefined) {
    if (typeof interactionId === 'string' && INTERACTION_ID.test(interactionId)) conversation.interactionId = interactionId
    else repairs.note('its interaction id was left out, as it is not one: a new message starts a new interaction')
  }
  if (value['replayOf'] !== undefined) repairs.note('it was marked as a replay of a recorded demo, which only the app’s own demos are; here it is an ordinary conversation')
  const known = new Set(['id', 'title', 'model', 'createdAt', 'updatedAt', 'history', 'wire', 'files', 'api', 'interactionId', 'replayOf'])
  for (const key of Object.keys(value)) if (!known.has(key)) repairs.unknownField(key)
  return { conversation: inOrderOf(value, conversation), repairs: repairs.list() }
}

