/**
 * What a Live session tells about the libraries its code will import, for
 * the tool's preload hints (`LocalCodeExecutionTool.hintLibraries`): the
 * user's client content (its text and attached files) and realtime text as
 * the app sends them, and the model's text, thoughts and calls as they come.
 */
import type { LiveSendClientContentParameters, LiveSendRealtimeInputParameters, LiveServerMessage, Part } from '@google/genai'
import type { LibrarySignals } from '../../packages/likely-libraries.ts'
import { partSignals, type StreamedText } from '../library-hints.ts'

/** `sendClientContent`'s turns, in any of the shapes the SDK takes (a string, parts, contents). */
export function clientContentSignals(params: LiveSendClientContentParameters): LibrarySignals {
  const parts = partsOf(params.turns)
  const attachments = parts.flatMap((part) => {
    const file = part.inlineData ?? part.fileData
    return typeof file?.mimeType === 'string' ? [{ name: file.displayName ?? '', mimeType: file.mimeType }] : []
  })
  return { ...partSignals(parts), attachments }
}

/** `sendRealtimeInput`'s text: audio and video say nothing about libraries. */
export function realtimeSignals(params: LiveSendRealtimeInputParameters): LibrarySignals {
  return { text: typeof params.text === 'string' ? [params.text] : [] }
}

/** A server message's model text and thoughts (streamed: cut anywhere), and its calls' arguments (the code itself). */
export function serverMessageSignals(message: LiveServerMessage, streamed: StreamedText): LibrarySignals {
  const calls: Part[] = (message.toolCall?.functionCalls ?? []).map((functionCall) => ({ functionCall }))
  return partSignals([...(message.serverContent?.modelTurn?.parts ?? []), ...calls], streamed)
}

function partsOf(turns: unknown): Part[] {
  if (turns === undefined || turns === null) return []
  if (typeof turns === 'string') return [{ text: turns }]
  if (Array.isArray(turns)) return turns.flatMap((turn) => partsOf(turn))
  if (typeof turns !== 'object') return []
  const content = turns as { parts?: unknown }
  return Array.isArray(content.parts) ? content.parts.flatMap((part) => partsOf(part)) : [turns as Part]
}
