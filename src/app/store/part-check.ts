/**
 * The parts of an imported conversation, checked field by field against the
 * shapes the app writes: the built-in shape it shows (`text`, `thought`,
 * `executableCode`, `codeExecutionResult`, `inlineData`, whichever API
 * answered) and the wire shape it sends to generateContent (those and
 * `functionCall` / `functionResponse`, with thought signatures). What passes
 * is a new object holding only known fields with values of the right type
 * and size; a part that fails is left out and the reason noted, so one bad
 * part costs that part only.
 */
import type { Content, Part } from '@google/genai'

export const IMPORT_LIMITS = {
  /** The whole export file, in characters of JSON. */
  fileChars: 128 * 1024 * 1024,
  messages: 5_000,
  partsPerMessage: 2_000,
  /** A text part, code, or a run's output: far above what the app writes (a run's code is at most 1 MiB). */
  textChars: 1024 * 1024,
  /** Base64 of an attachment, image or file: 20 MiB of bytes. */
  dataChars: 28 * 1024 * 1024,
  filesPerMessage: 50,
  /** Names, ids, MIME types. */
  nameChars: 255,
  /** Nesting of a function call's arguments or a response's payload. */
  jsonDepth: 32,
} as const

/** A conversation the app refuses to import; the message says why, for the user. */
export class ImportError extends Error {
  override readonly name = 'ImportError'
}

/** What the import left out or changed, in words for the user. */
export class Repairs {
  private readonly notes: string[] = []
  private readonly unknown = new Set<string>()

  note(text: string): void {
    this.notes.push(text)
  }

  unknownField(name: string): void {
    this.unknown.add(name)
  }

  list(): string[] {
    const unknown = [...this.unknown].slice(0, 10).map((name) => JSON.stringify(name.slice(0, 40)))
    return unknown.length > 0 ? [...this.notes, `fields this app does not know were left out (${unknown.join(', ')})`] : [...this.notes]
  }
}

/** Why a value is not what its field holds; caught where the value can be left out. */
export class Invalid extends Error {}

export function fail(why: string): never {
  throw new Invalid(why)
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

export function megabytes(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(1)} MB`
}

export function object(value: unknown, what: string): Record<string, unknown> {
  return isObject(value) ? value : fail(`${what} is ${kindOf(value)}, not an object`)
}

export function text(value: unknown, what: string, max: number = IMPORT_LIMITS.textChars): string {
  if (typeof value !== 'string') fail(`${what} is ${kindOf(value)}, not text`)
  if (value.length > max) fail(`${what} is ${megabytes(value.length)}, more than the ${megabytes(max)} allowed`)
  return value
}

export function name(value: unknown, what: string): string {
  if (typeof value !== 'string') fail(`${what} is ${kindOf(value)}, not text`)
  if (value.length === 0 || value.length > IMPORT_LIMITS.nameChars) fail(`${what} is empty or longer than ${IMPORT_LIMITS.nameChars} characters`)
  return value
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Canonical base64, as the app and Gemini write it: anything else would throw when it is decoded for display. */
export function base64(value: unknown, what: string): string {
  const data = text(value, what, IMPORT_LIMITS.dataChars)
  if (data.length % 4 !== 0 || !BASE64.test(data)) fail(`${what} is not base64`)
  return data
}

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/

export function mimeType(value: unknown, what: string): string {
  const type = name(value, what)
  return MIME_TYPE.test(type) ? type : fail(`${what} is not a MIME type`)
}

function oneOf<T extends string>(options: readonly T[], what: string) {
  return (value: unknown): T => (options.includes(value as T) ? (value as T) : fail(`${what} is not one of ${options.join(', ')}`))
}

/** A JSON object no deeper than the limit (the export is JSON, so nothing else can be in it). */
function jsonObject(value: unknown, what: string): Record<string, unknown> {
  const root = object(value, what)
  const pending: Array<[unknown, number]> = [[root, 1]]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next
    if (typeof item !== 'object' || item === null) continue
    if (depth > IMPORT_LIMITS.jsonDepth) fail(`${what} nests more than ${IMPORT_LIMITS.jsonDepth} deep`)
    for (const child of Object.values(item)) pending.push([child, depth + 1])
  }
  return root
}

type Spec = Record<string, (value: unknown) => unknown>

/** A copy of `source` with the known fields checked, in their order; unknown ones are left out and noted. */
export function fields(source: Record<string, unknown>, spec: Spec, required: readonly string[], repairs: Repairs): Record<string, unknown> {
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(source)) {
    if (!Object.hasOwn(spec, key)) repairs.unknownField(key)
    else if (value !== undefined) copy[key] = spec[key]!(value)
  }
  for (const key of required) if (!(key in copy)) fail(`its ${key} is missing`)
  return copy
}

const OUTCOMES = ['OUTCOME_OK', 'OUTCOME_FAILED', 'OUTCOME_DEADLINE_EXCEEDED', 'OUTCOME_UNSPECIFIED'] as const
const LANGUAGES = ['PYTHON', 'LANGUAGE_UNSPECIFIED'] as const
/** A thought signature: base64, base64url, or Gemini's documented placeholder. */
const SIGNATURE = /^[\w+/=-]*$/

function partSpec(shape: 'shown' | 'sent', repairs: Repairs): Spec {
  const inlineData = (value: unknown) =>
    fields(object(value, 'its inline data'), { mimeType: (v) => mimeType(v, 'its MIME type'), data: (v) => base64(v, 'its data'), displayName: (v) => name(v, 'its file name') }, ['mimeType', 'data'], repairs)
  const shown: Spec = {
    text: (value) => text(value, 'its text'),
    thought: (value) => (typeof value === 'boolean' ? value : fail('its thought mark is not true or false')),
    thoughtSignature: (value) => (SIGNATURE.test(text(value, 'its thought signature')) ? value : fail('its thought signature is not base64')),
    executableCode: (value) =>
      fields(object(value, 'its code'), { code: (v) => text(v, 'its code'), language: oneOf(LANGUAGES, 'its language'), id: (v) => name(v, 'its call id') }, ['code'], repairs),
    codeExecutionResult: (value) =>
      fields(object(value, 'its result'), { outcome: oneOf(OUTCOMES, 'its outcome'), output: (v) => text(v, 'its output'), id: (v) => name(v, 'its call id') }, [], repairs),
    inlineData,
  }
  if (shape === 'shown') return shown
  return {
    ...shown,
    functionCall: (value) =>
      fields(object(value, 'its function call'), { name: (v) => name(v, 'its function name'), args: (v) => jsonObject(v, 'its arguments'), id: (v) => name(v, 'its call id') }, ['name'], repairs),
    functionResponse: (value) =>
      fields(
        object(value, 'its function response'),
        {
          name: (v) => name(v, 'its function name'),
          response: (v) => jsonObject(v, 'its response'),
          id: (v) => name(v, 'its call id'),
          parts: (v) => (Array.isArray(v) ? v.map((item) => fields(object(item, 'a part of its response'), { inlineData }, ['inlineData'], repairs)) : fail('its parts are not a list')),
        },
        ['name'],
        repairs,
      ),
  }
}

const CONTENT_KINDS = ['text', 'executableCode', 'codeExecutionResult', 'inlineData', 'functionCall', 'functionResponse']

/** One part, checked; undefined (and a note) when it has to be left out. */
function checkPart(value: unknown, where: string, spec: Spec, repairs: Repairs): Part | undefined {
  try {
    const part = fields(object(value, 'it'), spec, [], repairs)
    const kinds = CONTENT_KINDS.filter((kind) => kind in part)
    if (kinds.length > 1) fail(`it holds both ${kinds[0]} and ${kinds[1]}`)
    if (kinds.length === 0 && part['thoughtSignature'] === undefined) fail('it holds nothing this app shows or sends')
    return part as Part
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    repairs.note(`${where} was left out: ${error.message}`)
    return undefined
  }
}

/**
 * A list of contents (the messages shown, or the turns sent), each checked.
 * The result has one entry per entry of `value`, undefined where a content
 * was left out, so the caller can keep what is keyed by position in step.
 * Throws `ImportError` when the list itself is wrong.
 */
export function checkContents(value: unknown, shape: 'shown' | 'sent', repairs: Repairs): Array<Content | undefined> {
  const what = shape === 'shown' ? 'messages' : 'history as sent to Gemini'
  if (!Array.isArray(value)) throw new ImportError(`The conversation’s ${what} are malformed.`)
  if (value.length > IMPORT_LIMITS.messages) throw new ImportError(`The conversation has ${value.length.toLocaleString('en')} ${what}; the most this app imports is ${IMPORT_LIMITS.messages.toLocaleString('en')}.`)
  const spec = partSpec(shape, repairs)
  return value.map((item, index) => {
    const where = shape === 'shown' ? `message ${index + 1}` : `turn ${index + 1} of the history sent to Gemini`
    try {
      const content = object(item, 'it')
      const role = content['role'] === 'user' || content['role'] === 'model' ? content['role'] : fail('its role is neither user nor model')
      const parts = content['parts'] ?? []
      if (!Array.isArray(parts)) fail('its parts are not a list')
      if (parts.length > IMPORT_LIMITS.partsPerMessage) {
        throw new ImportError(`The conversation’s ${where} has ${parts.length.toLocaleString('en')} parts; the most this app imports is ${IMPORT_LIMITS.partsPerMessage.toLocaleString('en')}.`)
      }
      for (const key of Object.keys(content)) if (key !== 'role' && key !== 'parts') repairs.unknownField(key)
      const checked = parts.flatMap((part, at) => checkPart(part, `part ${at + 1} of ${where}`, spec, repairs) ?? [])
      return { role, parts: checked }
    } catch (error) {
      if (!(error instanceof Invalid)) throw error
      repairs.note(`${where} was left out: ${error.message}`)
      return undefined
    }
  })
}
