/**
 * The app's one state store: signals for what the UI shows, and the actions
 * that change them. Persistence (IndexedDB, localStorage) sits below this
 * module; components read signals and call actions, nothing else.
 */
import { computed, signal } from '@preact/signals'
import type { Part } from '@google/genai'
import type { PackageProgress } from '../../index.ts'
import { loadSettings, saveSettings, type ChatSettings } from '../chat/settings.ts'
import type { Conversation, StoredFile } from './conversation.ts'
import { deleteConversation, listConversations, saveConversation } from './db.ts'

export type View = 'chat' | 'console'
export type Theme = 'system' | 'light' | 'dark'

/** An attachment waiting in the composer, already read into base64. */
export interface PendingAttachment {
  id: string
  name: string
  mimeType: string
  size: number
  data: string
}

/** The answer being streamed for a conversation. */
export interface PendingAnswer {
  conversationId: string
  /** The message as sent, shown at once. */
  userParts: Part[]
  /** Built-in-shape parts received so far. */
  parts: Part[]
  /** What the running code has printed so far (cleared when its result arrives). */
  live: string
  startedAt: number
  /** Set while code runs: when it started, for the elapsed timer. */
  runStartedAt?: number
  packages: PackageProgress[]
  files: StoredFile[]
}

/** A notice under a conversation: a failed request, a stopped answer, a rebuild's progress. */
export interface Notice {
  conversationId: string
  kind: 'error' | 'info'
  text: string
}

const THEME_KEY = 'app.theme'

export const settings = signal<ChatSettings>(loadSettings(localStorage))
export const conversations = signal<Conversation[]>([])
export const loaded = signal(false)
export const currentId = signal<string | undefined>(undefined)
export const view = signal<View>(location.hash === '#console' ? 'console' : 'chat')
export const theme = signal<Theme>((localStorage.getItem(THEME_KEY) as Theme | null) ?? 'system')
export const pending = signal<PendingAnswer | undefined>(undefined)
export const notice = signal<Notice | undefined>(undefined)
export const attachments = signal<PendingAttachment[]>([])
/** Conversations whose Python state matches their history in this page's sandbox. */
export const liveState = signal<ReadonlySet<string>>(new Set())

export const current = computed(() => conversations.value.find((conversation) => conversation.id === currentId.value))

export function updateSettings(next: ChatSettings): void {
  settings.value = next
  saveSettings(localStorage, next)
}

export function setTheme(next: Theme): void {
  theme.value = next
  localStorage.setItem(THEME_KEY, next)
}

export function setView(next: View): void {
  view.value = next
  history.replaceState(null, '', next === 'console' ? '#console' : '#')
}

/** Conversations deleted before the stored list arrived, which that list may still hold. */
const removedBeforeLoad = new Set<string>()

/**
 * Reads the stored list once, at start. The user may start, change or delete
 * a conversation before it arrives (the database can take seconds to open),
 * so the list is merged into what is shown rather than replacing it: a
 * conversation in memory is the newer copy, and a deleted one stays deleted.
 */
export async function loadConversations(): Promise<void> {
  const stored = await listConversations()
  const shown = new Set(conversations.value.map((conversation) => conversation.id))
  const added = stored.filter((conversation) => !shown.has(conversation.id) && !removedBeforeLoad.has(conversation.id))
  conversations.value = [...conversations.value, ...added]
  removedBeforeLoad.clear()
  loaded.value = true
}

/** Stores a new or changed conversation and moves it to the top of the list. */
export async function putConversation(conversation: Conversation): Promise<void> {
  conversations.value = [conversation, ...conversations.value.filter((other) => other.id !== conversation.id)]
  await saveConversation(conversation)
}

export async function renameConversation(id: string, title: string): Promise<void> {
  const conversation = conversations.value.find((other) => other.id === id)
  if (!conversation || !title.trim()) return
  const renamed = { ...conversation, title: title.trim() }
  conversations.value = conversations.value.map((other) => (other.id === id ? renamed : other))
  await saveConversation(renamed)
}

export async function removeConversation(id: string): Promise<void> {
  conversations.value = conversations.value.filter((other) => other.id !== id)
  if (!loaded.value) removedBeforeLoad.add(id)
  if (currentId.value === id) currentId.value = undefined
  await deleteConversation(id)
}

export function markLive(id: string, live: boolean): void {
  const next = new Set(liveState.value)
  if (live) next.add(id)
  else next.delete(id)
  liveState.value = next
}
