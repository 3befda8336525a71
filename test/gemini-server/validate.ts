/**
 * Request validation as strict as the real Gemini API, for the rules the
 * broker must get right. Each rule answers with the status and (where known)
 * the message the real API uses.
 *
 * Sources for the rules: https://ai.google.dev/gemini-api/docs/thought-signatures
 * (Gemini 3 requires the signature on the first functionCall part of each
 * step of the current turn; parallel calls carry one on the first part only),
 * and API errors reported in public issues (function response count, and
 * `function_response.parts` rejected on 2.x models).
 */

export interface GoogleError {
  code: number
  status: string
  message: string
  details?: unknown[]
}

type Json = Record<string, unknown>

export const SKIP_SIGNATURE = 'skip_thought_signature_validator'

const REQUEST_FIELDS = new Set(['contents', 'tools', 'toolConfig', 'systemInstruction', 'generationConfig', 'safetySettings', 'cachedContent', 'labels'])
const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'] as const
const PART_FIELDS = new Set<string>([...DATA_FIELDS, 'thought', 'thoughtSignature', 'videoMetadata', 'partMetadata', 'mediaResolution'])
const TOOL_FIELDS = new Set(['functionDeclarations', 'googleSearch', 'googleSearchRetrieval', 'codeExecution', 'urlContext', 'fileSearch', 'computerUse', 'googleMaps', 'mcpServers'])
const MODES = new Set(['MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'])

export function invalid(message: string): GoogleError {
  return { code: 400, status: 'INVALID_ARGUMENT', message }
}

/** Gemini 3 and later: signatures enforced, multimodal function responses accepted. */
export function isGemini3(model: string): boolean {
  const match = /gemini-(\d+)/.exec(model)
  return match?.[1] !== undefined && Number(match[1]) >= 3
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function isBase64(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)
}

/** Where a signature was issued: the part it must come back on. */
export interface IssuedSignature {
  /** `functionCall:<id or name>` or `text`. */
  on: string
}

export interface ValidationContext {
  model: string
  /** Signatures this server sent in the session, by value. */
  issued: ReadonlyMap<string, IssuedSignature>
}

function partKind(part: Json): string | undefined {
  const present = DATA_FIELDS.filter((field) => field in part)
  return present.length === 1 ? present[0] : undefined
}

function validatePart(part: unknown, where: string, role: string, context: ValidationContext): GoogleError | undefined {
  if (!isObject(part)) return invalid(`Invalid value at '${where}': part must be an object.`)
  for (const key of Object.keys(part)) {
    if (!PART_FIELDS.has(key)) return invalid(`Invalid JSON payload received. Unknown name "${key}" at '${where}': Cannot find field.`)
  }
  const kind = partKind(part)
  if (!kind) return invalid(`* GenerateContentRequest.${where}.data: required oneof field 'data' must have exactly one initialized field`)
  if ('thoughtSignature' in part && part['thoughtSignature'] !== SKIP_SIGNATURE && !isBase64(part['thoughtSignature'])) {
    return invalid(`Invalid value at '${where}.thought_signature' (TYPE_BYTES), Base64 decoding failed`)
  }
  if (kind === 'inlineData') {
    const blob = part['inlineData']
    if (!isObject(blob) || typeof blob['mimeType'] !== 'string' || !isBase64(blob['data'])) {
      return invalid(`Invalid value at '${where}.inline_data': mimeType and base64 data are required.`)
    }
  }
  if (kind === 'functionCall') {
    if (role !== 'model') return invalid(`Please ensure that function call turn comes immediately after a user turn or after a function response turn.`)
    const call = part['functionCall']
    if (!isObject(call) || typeof call['name'] !== 'string') return invalid(`* GenerateContentRequest.${where}.function_call.name: name is required`)
    if ('args' in call && !isObject(call['args'])) return invalid(`Invalid value at '${where}.function_call.args': must be an object.`)
  }
  if (kind === 'functionResponse') {
    if (role !== 'user') return invalid('Please ensure that function response turn comes immediately after a function call turn.')
    const response = part['functionResponse']
    if (!isObject(response) || typeof response['name'] !== 'string') return invalid(`* GenerateContentRequest.${where}.function_response.name: name is required`)
    if (!isObject(response['response'])) return invalid(`Invalid value at '${where}.function_response.response': must be a JSON object.`)
    if ('parts' in response) {
      if (!isGemini3(context.model)) {
        return invalid('Unable to submit request because `function_response.parts` is not supported for this model.')
      }
      const parts = response['parts']
      if (!Array.isArray(parts)) return invalid(`Invalid value at '${where}.function_response.parts': must be a list.`)
      for (const [index, item] of parts.entries()) {
        const blob = isObject(item) ? item['inlineData'] : undefined
        if (!isObject(blob) || typeof blob['mimeType'] !== 'string' || !isBase64(blob['data'])) {
          return invalid(`Invalid value at '${where}.function_response.parts[${index}]': inlineData with mimeType and base64 data is required.`)
        }
      }
    }
  }
  return undefined
}

export function declaredNames(tools: unknown[]): GoogleError | Set<string> {
  const names = new Set<string>()
  for (const [index, tool] of tools.entries()) {
    if (!isObject(tool)) return invalid(`Invalid value at 'tools[${index}]'.`)
    for (const key of Object.keys(tool)) {
      if (!TOOL_FIELDS.has(key)) return invalid(`Invalid JSON payload received. Unknown name "${key}" at 'tools[${index}]': Cannot find field.`)
    }
    if ('codeExecution' in tool) {
      return invalid('This local test server cannot execute code: the request still has the built-in codeExecution tool.')
    }
    const declarations = tool['functionDeclarations']
    if (declarations === undefined) continue
    if (!Array.isArray(declarations)) return invalid(`Invalid value at 'tools[${index}].function_declarations': must be a list.`)
    for (const declaration of declarations) {
      const name = isObject(declaration) ? declaration['name'] : undefined
      if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(name)) {
        return invalid(`* GenerateContentRequest.tools[${index}].function_declarations: invalid function name ${JSON.stringify(name)}`)
      }
      if (names.has(name)) return invalid(`* GenerateContentRequest.tools: duplicate function declaration name: ${name}`)
      names.add(name)
    }
  }
  return names
}

function callsOf(content: Json): Json[] {
  return (content['parts'] as Json[]).filter((part) => 'functionCall' in part)
}

function responsesOf(content: Json): Json[] {
  return (content['parts'] as Json[]).filter((part) => 'functionResponse' in part)
}

function checkPairing(contents: Json[]): GoogleError | undefined {
  const mismatch = invalid(
    'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
  )
  for (const [index, content] of contents.entries()) {
    const responses = responsesOf(content)
    if (responses.length > 0) {
      const previous = contents[index - 1]
      if (!previous || callsOf(previous).length === 0) {
        return invalid('Please ensure that function response turn comes immediately after a function call turn.')
      }
    }
    const calls = callsOf(content)
    if (calls.length === 0) continue
    const next = contents[index + 1]
    if (!next || next['role'] !== 'user') return mismatch
    const answers = responsesOf(next)
    if (answers.length !== calls.length) return mismatch
    for (const [position, callPart] of calls.entries()) {
      const call = callPart['functionCall'] as Json
      const answer =
        call['id'] !== undefined
          ? answers.find((candidate) => (candidate['functionResponse'] as Json)['id'] === call['id'])
          : answers[position]
      if (!answer) return invalid(`Function response for function call id ${String(call['id'])} is missing: every function call needs a function response with the same id.`)
      const response = answer['functionResponse'] as Json
      if (call['id'] === undefined && response['id'] !== undefined) return invalid(`Function response id ${String(response['id'])} does not match any function call.`)
      if (response['name'] !== call['name']) {
        return invalid(`Function response name ${String(response['name'])} does not match function call name ${String(call['name'])}.`)
      }
    }
  }
  return undefined
}

/** The index where the current turn starts: the last user content with standard content (not only function responses). */
function currentTurnStart(contents: Json[]): number {
  for (let index = contents.length - 1; index >= 0; index--) {
    const content = contents[index]!
    if (content['role'] === 'user' && (content['parts'] as Json[]).some((part) => !('functionResponse' in part) && !('inlineData' in part))) return index
  }
  return 0
}

function checkSignatures(contents: Json[], context: ValidationContext): GoogleError | undefined {
  for (const [index, content] of contents.entries()) {
    for (const [position, part] of (content['parts'] as Json[]).entries()) {
      const signature = part['thoughtSignature']
      if (typeof signature !== 'string' || signature === SKIP_SIGNATURE) continue
      const issued = context.issued.get(signature)
      const call = part['functionCall'] as Json | undefined
      const on = call ? `functionCall:${String(call['id'] ?? call['name'])}` : 'text'
      if (!issued || issued.on !== on || content['role'] !== 'model') {
        return invalid(`Corrupted thought signature at contents[${index}].parts[${position}]: it was not issued for this part.`)
      }
    }
  }
  if (!isGemini3(context.model)) return undefined
  for (let index = currentTurnStart(contents); index < contents.length; index++) {
    const content = contents[index]!
    const parts = content['parts'] as Json[]
    const first = parts.findIndex((part) => 'functionCall' in part)
    if (content['role'] !== 'model' || first < 0) continue
    if (typeof parts[first]!['thoughtSignature'] !== 'string') {
      const name = String((parts[first]!['functionCall'] as Json)['name'])
      return invalid(
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      )
    }
  }
  return undefined
}

/** Validates a generateContent / streamGenerateContent request body; `undefined` when it is valid. */
export function validateRequest(body: unknown, context: ValidationContext): GoogleError | undefined {
  if (!isObject(body)) return invalid('Invalid JSON payload received. Expected an object.')
  for (const key of Object.keys(body)) {
    if (!REQUEST_FIELDS.has(key)) return invalid(`Invalid JSON payload received. Unknown name "${key}": Cannot find field.`)
  }
  const contents = body['contents']
  if (!Array.isArray(contents) || contents.length === 0) return invalid('* GenerateContentRequest.contents: contents is not specified')
  for (const [index, content] of contents.entries()) {
    if (!isObject(content)) return invalid(`Invalid value at 'contents[${index}]'.`)
    const role = content['role'] ?? 'user'
    if (role !== 'user' && role !== 'model') return invalid(`Please use a valid role: user, model.`)
    const parts = content['parts']
    if (!Array.isArray(parts) || parts.length === 0) return invalid(`* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.`)
    for (const [position, part] of parts.entries()) {
      const error = validatePart(part, `contents[${index}].parts[${position}]`, String(role), context)
      if (error) return error
    }
  }
  const tools = body['tools'] ?? []
  if (!Array.isArray(tools)) return invalid(`Invalid value at 'tools': must be a list.`)
  const names = declaredNames(tools)
  if (!(names instanceof Set)) return names
  const functionCallingConfig = isObject(body['toolConfig']) ? body['toolConfig']['functionCallingConfig'] : undefined
  if (isObject(functionCallingConfig)) {
    const mode = functionCallingConfig['mode']
    if (mode !== undefined && !MODES.has(String(mode))) return invalid(`Invalid value at 'tool_config.function_calling_config.mode': ${String(mode)}`)
    const allowed = functionCallingConfig['allowedFunctionNames']
    if (mode === 'NONE' && Array.isArray(allowed) && allowed.length > 0) {
      return invalid('allowed_function_names must be empty when function calling mode is NONE.')
    }
  }
  const typed = contents as Json[]
  return checkPairing(typed) ?? checkSignatures(typed, context)
}
