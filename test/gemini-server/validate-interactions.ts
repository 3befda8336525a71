/**
 * Request validation for `POST /{version}/interactions`, as strict as the real
 * API for the rules the broker must get right: the fields the SDK's types
 * allow, the tools, the input's contents and steps, and the conversation
 * (every function call answered once, by id and name; replayed model steps
 * exactly as issued, thought signatures included).
 *
 * Field names come from the SDK's own types (`CreateModelInteraction`,
 * `Step`, `Content` in @google/genai 2.32 and 3.x). Messages and status codes of the
 * real API for these refusals are not published; ours say what is wrong.
 */
import { invalid, isGemini3, type GoogleError } from './validate.ts'

type Json = Record<string, unknown>

const BODY_FIELDS = new Set([
  'model', 'agent', 'agent_config', 'input', 'previous_interaction_id', 'tools', 'system_instruction', 'generation_config',
  'stream', 'store', 'background', 'response_format', 'response_mime_type', 'response_modalities', 'safety_settings',
  'labels', 'service_tier', 'cached_content', 'continuation_token', 'environment', 'webhook_config',
])
const GENERATION_FIELDS = new Set([
  'image_config', 'max_output_tokens', 'seed', 'speech_config', 'stop_sequences', 'temperature', 'thinking_level',
  'thinking_summaries', 'tool_choice', 'top_p', 'transcription_config', 'video_config',
])
const TOOL_CHOICES = new Set(['auto', 'any', 'none', 'validated'])
const TOOL_TYPES = new Set(['function', 'code_execution', 'computer_use', 'file_search', 'google_maps', 'google_search', 'mcp_server', 'retrieval', 'url_context'])
const JSON_SCHEMA_TYPES = new Set(['object', 'string', 'number', 'integer', 'boolean', 'array', 'null'])
const CONTENT_FIELDS: Record<string, Set<string>> = {
  text: new Set(['type', 'text', 'annotations']),
  image: new Set(['type', 'data', 'mime_type', 'uri', 'resolution']),
  audio: new Set(['type', 'data', 'mime_type', 'uri']),
  document: new Set(['type', 'data', 'mime_type', 'uri']),
  video: new Set(['type', 'data', 'mime_type', 'uri', 'resolution']),
}
const STEP_FIELDS: Record<string, Set<string>> = {
  user_input: new Set(['type', 'content']),
  model_output: new Set(['type', 'content', 'error']),
  thought: new Set(['type', 'signature', 'summary']),
  function_call: new Set(['type', 'id', 'name', 'arguments']),
  function_result: new Set(['type', 'call_id', 'name', 'result', 'is_error']),
  code_execution_call: new Set(['type', 'id', 'arguments', 'signature']),
  code_execution_result: new Set(['type', 'call_id', 'result', 'is_error', 'signature']),
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isBase64(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)
}

/** The same JSON value with keys sorted: two steps are "the same" when these are equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`
  return JSON.stringify(value)
}

function unknownField(key: string, where: string): GoogleError {
  return invalid(`Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`)
}

function checkFields(value: Json, allowed: Set<string>, where: string): GoogleError | undefined {
  const extra = Object.keys(value).find((key) => !allowed.has(key))
  return extra === undefined ? undefined : unknownField(extra, where)
}

function validateContent(content: unknown, where: string): GoogleError | undefined {
  if (!isObject(content) || typeof content['type'] !== 'string' || !CONTENT_FIELDS[content['type']]) {
    return invalid(`Invalid value at '${where}': a content block needs a type (text, image, audio, document, video).`)
  }
  const type = content['type']
  const fieldError = checkFields(content, CONTENT_FIELDS[type]!, where)
  if (fieldError) return fieldError
  if (type === 'text') return typeof content['text'] === 'string' ? undefined : invalid(`'${where}.text' is required.`)
  if (content['uri'] === undefined && !isBase64(content['data'])) return invalid(`Invalid value at '${where}.data': base64 data or a uri is required.`)
  if (content['data'] !== undefined && typeof content['mime_type'] !== 'string') return invalid(`'${where}.mime_type' is required with inline data.`)
  return undefined
}

function validateContents(contents: unknown, where: string): GoogleError | undefined {
  if (!Array.isArray(contents)) return invalid(`Invalid value at '${where}': must be a list of content blocks.`)
  for (const [index, content] of contents.entries()) {
    const error = validateContent(content, `${where}[${index}]`)
    if (error) return error
  }
  return undefined
}

function validateStep(step: Json, where: string, model: string): GoogleError | undefined {
  const type = String(step['type'])
  const fieldError = checkFields(step, STEP_FIELDS[type]!, where)
  if (fieldError) return fieldError
  if (type === 'user_input' || type === 'model_output') return step['content'] === undefined ? undefined : validateContents(step['content'], `${where}.content`)
  if (type === 'thought' && step['signature'] !== undefined && !isBase64(step['signature'])) {
    return invalid(`Invalid value at '${where}.signature' (TYPE_BYTES), Base64 decoding failed`)
  }
  if (type === 'function_call' && (typeof step['id'] !== 'string' || typeof step['name'] !== 'string' || !isObject(step['arguments']))) {
    return invalid(`'${where}': a function_call step needs id, name and arguments (an object).`)
  }
  if (type === 'function_result') {
    if (typeof step['call_id'] !== 'string') return invalid(`'${where}.call_id' is required.`)
    if (step['name'] !== undefined && typeof step['name'] !== 'string') return invalid(`Invalid value at '${where}.name'.`)
    if (step['is_error'] !== undefined && typeof step['is_error'] !== 'boolean') return invalid(`Invalid value at '${where}.is_error': must be a boolean.`)
    const result = step['result']
    if (Array.isArray(result)) {
      if (result.some((item) => isObject(item) && item['type'] === 'image') && !isGemini3(model)) {
        return invalid(`Image content in a function_result is not supported for this model: '${where}.result'.`)
      }
      return validateContents(result, `${where}.result`)
    }
    if (typeof result !== 'string' && !isObject(result)) return invalid(`'${where}.result' is required: a string, an object or a list of content blocks.`)
  }
  return undefined
}

/** The input as a list of steps (a string or contents become one `user_input` step). */
export function inputSteps(input: unknown): GoogleError | Json[] {
  if (typeof input === 'string') return input === '' ? invalid('* CreateInteractionRequest.input: input is empty.') : [{ type: 'user_input', content: [{ type: 'text', text: input }] }]
  if (isObject(input)) {
    const error = validateContent(input, 'input')
    return error ?? [{ type: 'user_input', content: [input] }]
  }
  if (!Array.isArray(input) || input.length === 0) return invalid('* CreateInteractionRequest.input: input is not specified.')
  const steps = input.every((item) => isObject(item) && typeof item['type'] === 'string' && STEP_FIELDS[item['type']] !== undefined)
  if (steps) return input as Json[]
  const error = validateContents(input, 'input')
  return error ?? [{ type: 'user_input', content: input }]
}

function validateTools(tools: unknown): GoogleError | undefined {
  if (tools === undefined) return undefined
  if (!Array.isArray(tools)) return invalid(`Invalid value at 'tools': must be a list.`)
  const names = new Set<string>()
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool) || typeof tool['type'] !== 'string' || !TOOL_TYPES.has(tool['type'])) return invalid(`Invalid value at 'tools[${index}].type'.`)
    if (tool['type'] === 'code_execution') {
      return invalid('This local test server cannot execute code: the request still has the built-in code_execution tool.')
    }
    if (tool['type'] !== 'function') continue
    const fieldError = checkFields(tool, new Set(['type', 'name', 'description', 'parameters']), `tools[${index}]`)
    if (fieldError) return fieldError
    const name = tool['name']
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(name)) return invalid(`Invalid function name ${JSON.stringify(name)} at 'tools[${index}].name'.`)
    if (names.has(name)) return invalid(`Duplicate function name: ${name}.`)
    names.add(name)
    const parameters = tool['parameters']
    if (parameters !== undefined && (!isObject(parameters) || !JSON_SCHEMA_TYPES.has(String(parameters['type'])))) {
      return invalid(`Invalid value at 'tools[${index}].parameters': must be a JSON Schema with a lowercase type.`)
    }
  }
  return undefined
}

function validateGenerationConfig(config: unknown): GoogleError | undefined {
  if (config === undefined) return undefined
  if (!isObject(config)) return invalid(`Invalid value at 'generation_config'.`)
  const fieldError = checkFields(config, GENERATION_FIELDS, 'generation_config')
  if (fieldError) return fieldError
  const choice = config['tool_choice']
  if (typeof choice === 'string' && !TOOL_CHOICES.has(choice)) return invalid(`Invalid value at 'generation_config.tool_choice': ${choice}`)
  return undefined
}

/** Field-level checks of a create request; the conversation is checked separately (it needs the session). */
export function validateInteractionRequest(body: unknown): GoogleError | undefined {
  if (!isObject(body)) return invalid('Invalid JSON payload received. Expected an object.')
  const fieldError = checkFields(body, BODY_FIELDS, 'CreateInteractionRequest')
  if (fieldError) return fieldError
  if (typeof body['model'] !== 'string') return invalid('* CreateInteractionRequest.model: model is required.')
  if (body['previous_interaction_id'] !== undefined && typeof body['previous_interaction_id'] !== 'string') return invalid(`Invalid value at 'previous_interaction_id'.`)
  return validateTools(body['tools']) ?? validateGenerationConfig(body['generation_config'])
}

/** A model output this server sent, by the steps that identify it. */
export interface IssuedOutput {
  steps: Json[]
}

export interface ConversationContext {
  model: string
  /** Calls left open by the previous interaction (id → name), when continuing one. */
  open: ReadonlyMap<string, string>
  /** Outputs this session issued, found by a function call's id or a thought signature. */
  issuedByCall: ReadonlyMap<string, IssuedOutput>
  issuedBySignature: ReadonlyMap<string, IssuedOutput>
}

function replayError(step: Json, where: string, context: ConversationContext): GoogleError | undefined {
  const type = step['type']
  if (type === 'function_call') {
    const issued = context.issuedByCall.get(String(step['id']))
    const original = issued?.steps.find((candidate) => candidate['type'] === 'function_call' && candidate['id'] === step['id'])
    if (!original) return invalid(`${where}: function_call ${String(step['id'])} was not issued by the model in this conversation.`)
    if (canonical(original) !== canonical(step)) return invalid(`${where}: function_call ${String(step['id'])} differs from the call the model made.`)
  }
  if (type === 'thought' && typeof step['signature'] === 'string') {
    const issued = context.issuedBySignature.get(step['signature'])
    const original = issued?.steps.find((candidate) => candidate['type'] === 'thought' && candidate['signature'] === step['signature'])
    if (!original || canonical(original) !== canonical(step)) return invalid(`Corrupted thought signature at ${where}: it was not issued for this step.`)
  }
  if (type === 'code_execution_call' || type === 'code_execution_result') {
    return invalid(`${where}: a ${String(type)} step was not issued in this conversation (this server has no code_execution tool).`)
  }
  return undefined
}

/**
 * The conversation rules: each open call answered exactly once (call_id and
 * name), nothing after a call before its answer, replayed model steps exactly
 * as issued, and (Gemini 3) the signed thoughts of every replayed call's
 * output present.
 */
export function checkConversation(steps: readonly Json[], context: ConversationContext): GoogleError | undefined {
  const open = new Map(context.open)
  const present = new Set(steps.filter((step) => step['type'] === 'thought').map((step) => String(step['signature'])))
  for (const [index, step] of steps.entries()) {
    const where = `input[${index}]`
    const error = validateStep(step, where, context.model) ?? replayError(step, where, context)
    if (error) return error
    const type = step['type']
    if (type === 'function_result') {
      const callId = String(step['call_id'])
      const name = open.get(callId)
      if (name === undefined) return invalid(`${where}: function_result call_id ${callId} does not match any open function call.`)
      if (step['name'] !== undefined && step['name'] !== name) return invalid(`${where}: function_result name ${String(step['name'])} does not match function call name ${name}.`)
      open.delete(callId)
      continue
    }
    if (type === 'function_call') {
      const issued = context.issuedByCall.get(String(step['id']))!
      const signed = issued.steps.find((candidate) => candidate['type'] === 'thought' && typeof candidate['signature'] === 'string')
      if (signed && isGemini3(context.model) && !present.has(String(signed['signature']))) {
        return invalid(`${where}: the thought step that came with function_call ${String(step['id'])} is missing its signature. Send the model's steps back exactly as received.`)
      }
      open.set(String(step['id']), String(step['name']))
      continue
    }
    if (open.size > 0 && (type === 'user_input' || type === 'model_output' || type === 'thought')) {
      return invalid(`${where}: function call ${[...open.keys()][0]} has no function_result before this step.`)
    }
  }
  if (open.size > 0) {
    const [id, name] = [...open][0]!
    return invalid(`Function call ${id} (${name}) was not answered: every function_call needs a function_result with its call_id.`)
  }
  return undefined
}
