/**
 * Sending messages: one `LocalChat` per open conversation (so its Python
 * variables persist between messages), built on the real `@google/genai`
 * client, either against Gemini with the user's key or against a recording
 * (`replay.ts`). The store hears about every step; this module owns no UI.
 */
import { GoogleGenAI, type Content, type Part } from '@google/genai'
import {
  findAttachments,
  placeAttachments,
  PythonSandbox,
  withLocalCodeExecution,
  type CodeExecutionEvent,
  type CodeExecutor,
  type LocalChat,
} from '../../index.ts'
import { withProgress } from '../shell/package-progress.tsx'
import * as store from '../store/app-store.ts'
import { newConversation, titleFrom, type Conversation, type StoredFile } from '../store/conversation.ts'
import { encodeBase64 } from './base64.ts'
import { findRecording, type Recording } from './recordings.ts'
import { REPLAY_BASE_URL, replayFetch } from './replay.ts'

const chats = new Map<string, LocalChat>()
let running: AbortController | undefined

/** A sandbox per chat, whose package downloads show in the pending answer. */
function createSandbox(): CodeExecutor {
  const sandbox = new PythonSandbox({ timeoutMs: store.settings.value.timeLimitSeconds * 1000 })
  sandbox.on('package', (progress) => {
    const answer = store.pending.value
    if (!answer) return
    store.pending.value = { ...answer, packages: withProgress(answer.packages, progress) }
  })
  return sandbox
}

function clientFor(recording: Recording | undefined): GoogleGenAI {
  const { apiKey, baseUrl } = store.settings.value
  if (recording) return new GoogleGenAI({ apiKey: 'replay', httpOptions: { baseUrl: REPLAY_BASE_URL, fetch: replayFetch(recording) } })
  return new GoogleGenAI({ apiKey, ...(baseUrl ? { httpOptions: { baseUrl } } : {}) })
}

function chatFor(conversation: Conversation): LocalChat {
  let chat = chats.get(conversation.id)
  if (chat) return chat
  const recording = conversation.replayOf ? findRecording(conversation.replayOf) : undefined
  const local = withLocalCodeExecution(clientFor(recording), { createSandbox, timeoutMs: store.settings.value.timeLimitSeconds * 1000 })
  // The wire history carries the thought signatures Gemini needs to continue.
  chat = local.chats.create({ model: conversation.model, config: { tools: [{ codeExecution: {} }] }, history: conversation.wire })
  chats.set(conversation.id, chat)
  return chat
}

/** Drops every chat's sandbox, e.g. after the time limit or the key changed. */
export function forgetChats(): void {
  for (const chat of chats.values()) chat.dispose()
  chats.clear()
  store.liveState.value = new Set()
}

export function forgetChat(id: string): void {
  chats.get(id)?.dispose()
  chats.delete(id)
  store.markLive(id, false)
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'GeminiAbortError') return 'Stopped. The answer so far was not kept.'
    if (error.name === 'GeminiApiError' || error.name === 'GeminiNetworkError') return error.message
    return `${error.name}: ${error.message}`
  }
  return String(error)
}

/** Adds a streamed part to the answer; consecutive text deltas extend the last text part. */
function addPart(parts: Part[], part: Part): Part[] {
  if (part.thought) return parts
  const last = parts.at(-1)
  if (typeof part.text === 'string' && last && typeof last.text === 'string' && !last.thought) {
    return [...parts.slice(0, -1), { text: last.text + part.text }]
  }
  return [...parts, part]
}

function onEvent(event: CodeExecutionEvent): void {
  const answer = store.pending.value
  if (!answer) return
  if (event.type === 'run-start') store.pending.value = { ...answer, live: '', runStartedAt: Date.now() }
  else if (event.type === 'output') store.pending.value = { ...answer, live: answer.live + event.text }
  else if (event.type === 'run-end') {
    const files: StoredFile[] = event.result.files.map((file) => ({ name: file.name, mimeType: file.mimeType, size: file.size, data: encodeBase64(file.data) }))
    store.pending.value = { ...answer, runStartedAt: undefined, files: [...answer.files.filter((old) => !files.some((file) => file.name === old.name)), ...files] }
  }
}

/** Sends a message in the current conversation (a new one when there is none). Resolves false when it failed or was stopped. */
export async function send(text: string, attached: readonly store.PendingAttachment[]): Promise<boolean> {
  if (running) return false
  const model = store.settings.value.model
  let conversation = store.current.value ?? newConversation({ model })
  if (conversation.history.length === 0 && conversation.title === 'New chat') conversation = { ...conversation, title: titleFrom(text || attached[0]?.name || '') }
  await store.putConversation(conversation)
  store.currentId.value = conversation.id
  return answer(conversation, [
    ...attached.map((file): Part => ({ inlineData: { mimeType: file.mimeType, data: file.data, displayName: file.name } })),
    ...(text ? [{ text }] : []),
  ])
}

/** Starts a replay of a recorded conversation: its message is sent, the model's turns come from the recording. */
export async function startReplay(id: string): Promise<void> {
  const recording = findRecording(id)
  if (!recording || running) return
  const conversation = newConversation({ model: 'replay', title: recording.title, replayOf: recording.id })
  await store.putConversation(conversation)
  store.currentId.value = conversation.id
  store.setView('chat')
  const parts: Part[] = (recording.message.attachments ?? []).map((file) => ({ inlineData: { mimeType: file.mimeType, data: file.data, displayName: file.name } }))
  await answer(conversation, [...parts, { text: recording.message.text }])
}

async function answer(conversation: Conversation, userParts: Part[]): Promise<boolean> {
  const controller = new AbortController()
  running = controller
  store.notice.value = undefined
  store.pending.value = { conversationId: conversation.id, userParts, parts: [], live: '', startedAt: Date.now(), packages: [], files: [] }
  try {
    const chat = chatFor(conversation)
    const stream = await chat.sendMessageStream(
      { message: userParts, config: { tools: [{ codeExecution: {} }], abortSignal: controller.signal } },
      { onEvent },
    )
    for await (const chunk of stream) {
      const current: store.PendingAnswer = store.pending.value!
      let parts = current.parts
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) parts = addPart(parts, part)
      store.pending.value = { ...current, parts, live: parts.some((part) => part.codeExecutionResult) && !current.runStartedAt ? '' : current.live }
    }
    const history = chat.getHistory()
    const files = store.pending.value?.files ?? []
    const saved: Conversation = {
      ...conversation,
      history,
      wire: chat.getWireHistory(),
      files: files.length ? { ...conversation.files, [history.length - 1]: files } : conversation.files,
      updatedAt: Date.now(),
    }
    // The saved answer replaces the pending one in the same render, so it never shows twice.
    const stored = store.putConversation(saved)
    store.pending.value = undefined
    store.markLive(conversation.id, true)
    await stored
    return true
  } catch (error) {
    store.notice.value = { conversationId: conversation.id, kind: 'error', text: describeError(error) }
    return false
  } finally {
    if (running === controller) running = undefined
    store.pending.value = undefined
  }
}

export function stop(): void {
  running?.abort()
}

export function isRunning(): boolean {
  return running !== undefined
}

/**
 * Rebuilds a conversation's Python state after a reload: a fresh interpreter,
 * its attachments put back, then every piece of code the model ran, in order.
 * Reports how far it got; stops at the first run that fails.
 */
export async function rebuildState(conversation: Conversation): Promise<void> {
  const chat = chatFor(conversation)
  const say = (kind: 'error' | 'info', text: string): void => {
    store.notice.value = { conversationId: conversation.id, kind, text }
  }
  const code = conversation.history.flatMap((content: Content) => (content.parts ?? []).flatMap((part) => (part.executableCode?.code ? [part.executableCode.code] : [])))
  try {
    await chat.resetSandbox()
    const executor = await chat.getSandbox()
    await placeAttachments(executor, findAttachments(conversation.history))
    for (const [index, source] of code.entries()) {
      say('info', `Re-running code ${index + 1} of ${code.length}…`)
      const result = await executor.run(source)
      if (result.outcome !== 'OUTCOME_OK') return say('error', `Code ${index + 1} of ${code.length} did not run through (${result.outcome}): ${result.output.trim().split('\n').pop() ?? ''}`)
    }
    store.markLive(conversation.id, true)
    say('info', `Python state rebuilt: ${code.length} piece${code.length === 1 ? '' : 's'} of code re-run.`)
  } catch (error) {
    say('error', describeError(error))
  }
}
