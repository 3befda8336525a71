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
  /** The model used; a later message uses the current setting. */
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
