/**
 * Sending messages: one chat per open conversation (so its Python variables
 * persist between messages), built on the real `@google/genai` client, either
 * against Gemini with the user's key or against a recording (`replay.ts`).
 * A conversation runs on generateContent (`LocalChat`) or on the Interactions
 * API (`InteractionsChat`); both stream into the same pending answer, with
 * the same live output, timer, Stop and time limit. The store hears about
 * every step; this module owns no UI.
 */
import { GoogleGenAI, type Content, type Part } from '@google/genai'
import {
  findAttachments,
  placeAttachments,
  PythonSandbox,
  safeFileLabel,
  withLocalCodeExecution,
  type CodeExecutionEvent,
  type LocalChat,
} from '../../index.ts'
import { withProgress } from '../shell/package-progress.tsx'
import * as store from '../store/app-store.ts'
import { newConversation, nextMessageModel, REPLAY_MODEL, titleFrom, type Conversation, type StoredFile } from '../store/conversation.ts'
import { encodeBase64 } from './base64.ts'
import { finishNotice, ROUND_TRIPS_NOTICE } from './finish-notice.ts'
import { unknownInteractionMessage } from './interaction-answer.ts'
import { InteractionsChat } from './interactions-chat.ts'
import { findRecording, type Recording } from './recordings.ts'
import { REPLAY_BASE_URL, replayFetch } from './replay.ts'
import type { ChatApi } from './settings.ts'

const chats = new Map<string, LocalChat | InteractionsChat>()
let running: AbortController | undefined

/** A sandbox per chat, whose package downloads show in the pending answer. */
function createSandbox(): PythonSandbox {
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

/** The API a conversation runs on: recordings are generateContent; a conversation keeps the API of its first message. */
function apiOf(conversation: Conversation): ChatApi {
  return conversation.replayOf === undefined && conversation.api === 'interactions' ? 'interactions' : 'generateContent'
}

function chatFor(conversation: Conversation): LocalChat | InteractionsChat {
  const existing = chats.get(conversation.id)
  const interactions = apiOf(conversation) === 'interactions'
  if (existing && existing instanceof InteractionsChat === interactions) return existing
  existing?.dispose()
  if (interactions) {
    const chat = new InteractionsChat({ client: clientFor(undefined), createSandbox, timeoutMs: store.settings.value.timeLimitSeconds * 1000 })
    chats.set(conversation.id, chat)
    return chat
  }
  const recording = conversation.replayOf ? findRecording(conversation.replayOf) : undefined
  const local = withLocalCodeExecution(clientFor(recording), { createSandbox, timeoutMs: store.settings.value.timeLimitSeconds * 1000 })
  // The wire history carries the thought signatures Gemini needs to continue.
  const chat = local.chats.create({ model: conversation.model, config: { tools: [{ codeExecution: {} }] }, history: conversation.wire })
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

function describeError(error: unknown, conversation?: Conversation): string {
  const unknownInteraction = conversation && apiOf(conversation) === 'interactions' ? unknownInteractionMessage(error, conversation.interactionId) : undefined
  if (unknownInteraction) return unknownInteraction
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
  conversation = { ...conversation, model: nextMessageModel(conversation, model) }
  if (conversation.history.length === 0 && conversation.title === 'New chat') conversation = { ...conversation, title: titleFrom(text || safeFileLabel(attached[0]?.name ?? '')) }
  // The API is chosen by a conversation's first message; after that its history ties it to that API.
  if (conversation.history.length === 0 && !conversation.replayOf) conversation = { ...conversation, api: store.settings.value.api }
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
  const conversation = newConversation({ model: REPLAY_MODEL, title: recording.title, replayOf: recording.id })
  await store.putConversation(conversation)
  store.currentId.value = conversation.id
  store.setView('chat')
  const parts: Part[] = (recording.message.attachments ?? []).map((file) => ({ inlineData: { mimeType: file.mimeType, data: file.data, displayName: file.name } }))
  await answer(conversation, [...parts, { text: recording.message.text }])
}

/** Shows the answer so far; the live output gives way to the result once a run has ended. */
function showParts(parts: Part[]): void {
  const current = store.pending.value
  if (!current) return
  store.pending.value = { ...current, parts, live: parts.some((part) => part.codeExecutionResult) && !current.runStartedAt ? '' : current.live }
}

/** Streams one answer and gives back the conversation with it added (files aside). */
async function stream(chat: LocalChat | InteractionsChat, conversation: Conversation, userParts: Part[], signal: AbortSignal): Promise<Conversation> {
  if (chat instanceof InteractionsChat) {
    const answer = await chat.send({
      model: conversation.model,
      previousId: conversation.interactionId,
      message: userParts,
      priorAttachments: findAttachments(conversation.history),
      signal,
      onEvent,
      onParts: showParts,
    })
    if (answer.status === 'incomplete') {
      store.notice.value = { conversationId: conversation.id, kind: 'info', text: ROUND_TRIPS_NOTICE }
    }
    const history: Content[] = [...conversation.history, { role: 'user', parts: userParts }, { role: 'model', parts: answer.parts }]
    return { ...conversation, history, interactionId: answer.interactionId ?? conversation.interactionId }
  }
  const chunks = await chat.sendMessageStream({ message: userParts, config: { tools: [{ codeExecution: {} }], abortSignal: signal } }, { onEvent })
  let parts: Part[] = []
  let finishReason: string | undefined
  for await (const chunk of chunks) {
    for (const part of chunk.candidates?.[0]?.content?.parts ?? []) parts = addPart(parts, part)
    finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason
    showParts(parts)
  }
  const notice = finishNotice(finishReason)
  if (notice) store.notice.value = { conversationId: conversation.id, kind: 'info', text: notice }
  return { ...conversation, history: chat.getHistory(), wire: chat.getWireHistory() }
}

async function answer(conversation: Conversation, userParts: Part[]): Promise<boolean> {
  const controller = new AbortController()
  running = controller
  store.notice.value = undefined
  store.pending.value = { conversationId: conversation.id, userParts, parts: [], live: '', startedAt: Date.now(), packages: [], files: [] }
  try {
    const answered = await stream(chatFor(conversation), conversation, userParts, controller.signal)
    const files = store.pending.value?.files ?? []
    const last = answered.history.length - 1
    const saved: Conversation = { ...answered, files: files.length ? { ...conversation.files, [last]: files } : conversation.files, updatedAt: Date.now() }
    // The saved answer replaces the pending one in the same render, so it never shows twice.
    const stored = store.putConversation(saved)
    store.pending.value = undefined
    store.markLive(conversation.id, true)
    await stored
    return true
  } catch (error) {
    store.notice.value = { conversationId: conversation.id, kind: 'error', text: describeError(error, conversation) }
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
  try {
    const code = conversation.history.flatMap((content: Content) => (content.parts ?? []).flatMap((part) => (part.executableCode?.code ? [part.executableCode.code] : [])))
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
    say('error', describeError(error, conversation))
  }
}
