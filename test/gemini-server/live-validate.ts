/**
 * What the strict Live server refuses in the client's messages, as the real
 * BidiGenerateContent endpoint does: a malformed or unknown message, the
 * built-in code-execution tool in `setup`, a function response that matches
 * no pending call, and a new turn while a call is unanswered. Each refusal is
 * the close code and reason the connection ends with.
 */
import { declaredNames } from './validate.ts'

type Json = Record<string, unknown>

export interface Refusal {
  /** 1007: invalid payload, 1008: policy (the key), 1011: the test script itself went wrong. */
  code: 1007 | 1008 | 1011
  reason: string
}

const CLIENT_MESSAGES = new Set(['setup', 'clientContent', 'realtimeInput', 'toolResponse', 'contextUpdate'])
const SETUP_FIELDS = new Set([
  'model', 'generationConfig', 'systemInstruction', 'tools', 'realtimeInputConfig', 'sessionResumption', 'contextWindowCompression',
  'inputAudioTranscription', 'outputAudioTranscription', 'proactivity', 'safetySettings', 'avatarConfig', 'labels',
])

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

export function refuse(reason: string, code: Refusal['code'] = 1007): Refusal {
  return { code, reason }
}

/** The one field a client message carries, or the refusal. */
export function messageKind(message: unknown): { kind: string; body: Json } | Refusal {
  if (!isObject(message)) return refuse('Invalid JSON payload received.')
  const keys = Object.keys(message)
  const unknown = keys.find((key) => !CLIENT_MESSAGES.has(key))
  if (unknown !== undefined) return refuse(`Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`)
  if (keys.length !== 1) return refuse(`A client message carries exactly one of ${[...CLIENT_MESSAGES].join(', ')}; got ${keys.length}.`)
  const kind = keys[0]!
  const body = message[kind]
  if (!isObject(body)) return refuse(`Invalid value at '${kind}'.`)
  return { kind, body }
}

/** `setup`: a Gemini model, text responses, declarations only (never the built-in tool). */
export function checkSetup(setup: Json): Refusal | undefined {
  const unknown = Object.keys(setup).find((key) => !SETUP_FIELDS.has(key))
  if (unknown !== undefined) return refuse(`Invalid JSON payload received. Unknown name "${unknown}" at 'setup': Cannot find field.`)
  const model = setup['model']
  if (typeof model !== 'string' || !/^models\/gemini-/.test(model)) return refuse(`setup.model must be "models/gemini-…", got ${JSON.stringify(model)}.`)
  const modalities = isObject(setup['generationConfig']) ? setup['generationConfig']['responseModalities'] : undefined
  if (modalities !== undefined && JSON.stringify(modalities) !== '["TEXT"]') return refuse(`This test server speaks text only; responseModalities was ${JSON.stringify(modalities)}.`)
  const tools = setup['tools'] ?? []
  if (!Array.isArray(tools)) return refuse("Invalid value at 'setup.tools': must be a list.")
  if (tools.some((tool) => isObject(tool) && ('codeExecution' in tool || 'code_execution' in tool))) {
    return refuse('Refused: setup.tools has the built-in codeExecution tool; the code must run on the device.')
  }
  const names = declaredNames(tools)
  if (!(names instanceof Set)) return refuse(names.message)
  return undefined
}

/** `clientContent.turns`: contents with a role and parts. */
export function checkClientContent(content: Json): Refusal | undefined {
  const turns = content['turns'] ?? []
  if (!Array.isArray(turns)) return refuse("Invalid value at 'client_content.turns': must be a list.")
  for (const [index, turn] of turns.entries()) {
    if (!isObject(turn) || !Array.isArray(turn['parts']) || turn['parts'].length === 0) return refuse(`client_content.turns[${index}] must have parts.`)
    if (turn['role'] !== 'user' && turn['role'] !== 'model') return refuse(`client_content.turns[${index}].role must be user or model.`)
  }
  return undefined
}

/** The calls the model made that the client has not answered yet, by id. */
export interface PendingCalls {
  pending: Map<string, string>
  cancelled: Set<string>
}

/** `toolResponse`: every response answers a pending call, by id and name, with an object. Returns the ids answered. */
export function checkToolResponse(toolResponse: Json, calls: PendingCalls): Refusal | string[] {
  const responses = toolResponse['functionResponses']
  if (!Array.isArray(responses) || responses.length === 0) return refuse('tool_response.function_responses must be a non-empty list.')
  const answered: string[] = []
  for (const [index, response] of responses.entries()) {
    if (!isObject(response)) return refuse(`Invalid value at 'tool_response.function_responses[${index}]'.`)
    const id = response['id']
    if (typeof id !== 'string') return refuse(`function_responses[${index}] has no id.`)
    if (calls.cancelled.has(id)) return refuse(`Function response for cancelled call "${id}".`)
    const name = calls.pending.get(id)
    if (name === undefined || answered.includes(id)) return refuse(`Function response id "${id}" matches no pending call.`)
    if (response['name'] !== name) return refuse(`Function response "${id}" is named ${JSON.stringify(response['name'])}, the call was ${name}.`)
    if (!isObject(response['response'])) return refuse(`function_responses[${index}].response must be an object.`)
    answered.push(id)
  }
  return answered
}

/** A new user turn while the model waits for function responses: the real API cannot continue such a turn. */
export function checkNoUnansweredCalls(calls: PendingCalls, what: string): Refusal | undefined {
  if (calls.pending.size === 0) return undefined
  return refuse(`${what} while function calls are unanswered: ${[...calls.pending.keys()].join(', ')}.`)
}
