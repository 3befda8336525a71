/**
 * A conversation as the app keeps it: what it shows, what it sends, and what
 * the code made. Plain data (structured-clonable), so the same object goes to
 * IndexedDB and, as JSON, into an export file.
 */
import type { Content } from '@google/genai'
import type { ChatApi } from '../chat/settings.ts'

/** A file the model's code wrote, kept with the conversation (base64, like Gemini's inline data). */
export interface StoredFile {
  name: string
  mimeType: string
  size: number
  data: string
}

export interface Conversation {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  /**
   * The model it runs on: the setting when its first message went out. Later
   * messages stay with it, as its chat (and the chat's Python) is bound to it.
   */
  model: string
  /** Built-in shape (`executableCode` / `codeExecutionResult`), as shown. User attachments are `inlineData` parts. */
  history: Content[]
  /** What is sent to Gemini to continue: function-call turns with their thought signatures. */
  wire: Content[]
  /** Files the code wrote, by the index in `history` of the model answer that made them. */
  files: Record<number, StoredFile[]>
  /**
   * The API the conversation runs on, fixed by its first message (their
   * histories do not carry over). Absent: generateContent.
   */
  api?: ChatApi
  /** Interactions API: the last interaction, which the next message continues (`previous_interaction_id`). */
  interactionId?: string
  /** Set for a recorded demo: the id of its recording, so it replays instead of calling Gemini. */
  replayOf?: string
}

/** The model a replay names: no Gemini model, so a conversation that is no longer a replay must not keep it. */
export const REPLAY_MODEL = 'replay'

/**
 * The model a conversation's next message goes to: its own once a message
 * went out; the chosen one before that, and for an exported demo that was
 * imported, which is an ordinary conversation with no real model of its own.
 */
export function nextMessageModel(conversation: Conversation | undefined, chosen: string): string {
  if (!conversation || conversation.history.length === 0) return chosen
  if (conversation.model === REPLAY_MODEL && conversation.replayOf === undefined) return chosen
  return conversation.model
}

export function newConversation(init: Partial<Conversation> & Pick<Conversation, 'model'>): Conversation {
  const now = Date.now()
  return { id: crypto.randomUUID(), title: 'New chat', createdAt: now, updatedAt: now, history: [], wire: [], files: {}, ...init }
}

/** A title from the first thing the user typed, cut at a word boundary. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  if (line.length <= 48) return line || 'New chat'
  return `${line.slice(0, 48).replace(/\s+\S*$/, '')}…`
}
