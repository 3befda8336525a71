/**
 * A minimal Gemini chat with local code execution, for the demo page.
 *
 * @example
 * const chat = mountChat(document.querySelector('#chat')!)
 * // later: chat.dispose()
 *
 * The API key is asked for in a dialog and kept in localStorage; it goes into
 * the `GoogleGenAI` client on the main thread and nowhere else (the sandbox
 * worker only ever receives code).
 */
import { GoogleGenAI } from '@google/genai'
import type { CodeExecutor } from '../../executor.ts'
import { withLocalCodeExecution, type LocalChat } from '../../gemini/index.ts'
import { appendLiveOutput, appendPart, CHAT_STYLES } from './render.ts'
import { checkBaseUrl, loadSettings, saveSettings, SUGGESTED_MODELS, type ChatSettings } from './settings.ts'

export interface MountChatOptions {
  /** Executor for each chat. Default: a new `PythonSandbox` per chat (one per "New chat"). */
  createSandbox?: () => CodeExecutor | Promise<CodeExecutor>
  /** Model picked when none was saved. Default: a current Gemini 3 Flash model. */
  defaultModel?: string
  /** Where the settings live. Default: `localStorage`. */
  storage?: Storage
}

export interface MountedChat {
  /** Stops any request, shuts the chat's sandbox down and removes the UI. */
  dispose(): void
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    switch (error.name) {
      case 'GeminiApiError':
      case 'GeminiNetworkError':
        return error.message
      case 'GeminiAbortError':
        return 'Stopped.'
    }
    return `${error.name}: ${error.message}`
  }
  return String(error)
}

export function mountChat(container: HTMLElement, options: MountChatOptions = {}): MountedChat {
  const storage = options.storage ?? localStorage
  let settings: ChatSettings = loadSettings(storage, options.defaultModel)
  let chat: LocalChat | undefined
  let running: AbortController | undefined

  const root = document.createElement('section')
  root.className = 'gc-chat'
  root.innerHTML = `
    <style>${CHAT_STYLES}</style>
    <div class="gc-bar">
      <label>Model <input class="gc-model-input" list="gc-models" size="24"></label>
      <datalist id="gc-models">${SUGGESTED_MODELS.map((model) => `<option value="${model}"></option>`).join('')}</datalist>
      <button type="button" class="gc-settings">API key…</button>
      <button type="button" class="gc-new">New chat</button>
    </div>
    <div class="gc-log" aria-live="polite"></div>
    <form class="gc-form">
      <textarea placeholder="Ask something that needs a calculation…" required></textarea>
      <button type="submit" class="gc-send">Send</button>
      <button type="button" class="gc-stop" hidden>Stop</button>
    </form>
    <dialog class="gc-dialog">
      <form method="dialog">
        <h3>Gemini API</h3>
        <label>API key <input name="apiKey" type="password" autocomplete="off"></label>
        <label>API base URL (optional: a proxy or a local test server) <input name="baseUrl" placeholder="https://generativelanguage.googleapis.com"></label>
        <p class="gc-note">The key is stored only on this device (localStorage) and sent only to the Gemini API at this address. Python code never sees it.</p>
        <p class="gc-note gc-dialog-error" role="alert"></p>
        <button value="save">Save</button> <button value="clear" formnovalidate>Forget key</button> <button value="cancel" formnovalidate>Cancel</button>
      </form>
    </dialog>`
  container.append(root)

  const $ = <T extends Element>(selector: string) => root.querySelector<T>(selector)!
  const log = $<HTMLElement>('.gc-log')
  const input = $<HTMLTextAreaElement>('.gc-form textarea')
  const modelInput = $<HTMLInputElement>('.gc-model-input')
  const dialog = $<HTMLDialogElement>('.gc-dialog')
  const dialogForm = dialog.querySelector('form')!
  const send = $<HTMLButtonElement>('.gc-send')
  const stop = $<HTMLButtonElement>('.gc-stop')
  modelInput.value = settings.model

  const message = (kind: 'user' | 'model' | 'error', text?: string) => {
    const node = document.createElement('div')
    node.className = `gc-msg gc-${kind}`
    if (text !== undefined) node.textContent = text
    log.append(node)
    log.scrollTop = log.scrollHeight
    return node
  }

  const newChat = () => {
    running?.abort()
    chat?.dispose()
    chat = undefined
    log.replaceChildren()
  }

  const currentChat = (): LocalChat => {
    if (chat) return chat
    const ai = new GoogleGenAI({ apiKey: settings.apiKey, ...(settings.baseUrl ? { httpOptions: { baseUrl: settings.baseUrl } } : {}) })
    const local = withLocalCodeExecution(ai, options.createSandbox ? { createSandbox: options.createSandbox } : {})
    chat = local.chats.create({ model: settings.model, config: { tools: [{ codeExecution: {} }] } })
    return chat
  }

  const openSettings = () => {
    ;(dialogForm.elements.namedItem('apiKey') as HTMLInputElement).value = settings.apiKey
    ;(dialogForm.elements.namedItem('baseUrl') as HTMLInputElement).value = settings.baseUrl
    $<HTMLElement>('.gc-dialog-error').textContent = ''
    dialog.showModal()
  }

  dialogForm.addEventListener('submit', (event) => {
    const action = (event.submitter as HTMLButtonElement | null)?.value
    const apiKey = (dialogForm.elements.namedItem('apiKey') as HTMLInputElement).value.trim()
    const baseUrl = (dialogForm.elements.namedItem('baseUrl') as HTMLInputElement).value.trim()
    if (action === 'save') {
      const problem = checkBaseUrl(baseUrl)
      if (problem) {
        event.preventDefault()
        $<HTMLElement>('.gc-dialog-error').textContent = problem
        return
      }
      settings = { ...settings, apiKey, baseUrl }
    } else if (action === 'clear') {
      settings = { ...settings, apiKey: '' }
    } else {
      return
    }
    saveSettings(storage, settings)
    newChat()
  })

  modelInput.addEventListener('change', () => {
    settings = { ...settings, model: modelInput.value.trim() || settings.model }
    modelInput.value = settings.model
    saveSettings(storage, settings)
    newChat()
  })

  $<HTMLButtonElement>('.gc-settings').addEventListener('click', openSettings)
  $<HTMLButtonElement>('.gc-new').addEventListener('click', newChat)
  stop.addEventListener('click', () => running?.abort())
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      $<HTMLFormElement>('.gc-form').requestSubmit()
    }
  })

  $<HTMLFormElement>('.gc-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const text = input.value.trim()
    if (!text || running) return
    if (!settings.apiKey) return openSettings()
    input.value = ''
    message('user', text)
    const answer = message('model')
    const controller = new AbortController()
    running = controller
    send.hidden = true
    stop.hidden = false
    try {
      const stream = await currentChat().sendMessageStream(
        { message: text, config: { tools: [{ codeExecution: {} }], abortSignal: controller.signal } },
        { onEvent: (progress) => progress.type === 'output' && appendLiveOutput(answer, progress.text) },
      )
      for await (const chunk of stream) {
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) appendPart(answer, part)
        log.scrollTop = log.scrollHeight
      }
    } catch (error) {
      message('error', describeError(error))
    } finally {
      if (running === controller) running = undefined
      send.hidden = false
      stop.hidden = true
    }
  })

  return {
    dispose() {
      newChat()
      root.remove()
    },
  }
}
