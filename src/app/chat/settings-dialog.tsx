/** The chat's settings in a modal dialog: key, endpoint, model, time limit and API. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import * as store from '../store/app-store.ts'
import { pageMayConnectTo } from './connect-policy.ts'
import * as session from './session.ts'
import { API_KEY_HELP_URL, checkBaseUrl, SUGGESTED_MODELS, type ChatApi } from './settings.ts'

export function SettingsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [problem, setProblem] = useState('')
  // In the same task as the click that opened or closed it, not after the next paint: while a modal
  // dialog is open the rest of the page is inert, so a dialog that closed a frame late would swallow
  // what the user types next, and hand the focus back to the Settings button in the middle of it.
  useLayoutEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal()
    if (!open && dialog.current?.open) dialog.current.close()
  }, [open])

  const save = (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    const baseUrl = String(form.get('baseUrl') ?? '').trim()
    const error = checkBaseUrl(baseUrl)
    if (error) return setProblem(error)
    const previous = store.settings.value
    const next = {
      apiKey: String(form.get('apiKey') ?? '').trim(),
      baseUrl,
      model: String(form.get('model') ?? '').trim() || previous.model,
      timeLimitSeconds: Number(form.get('timeLimitSeconds')),
      api: (form.get('api') === 'interactions' ? 'interactions' : 'generateContent') as ChatApi,
    }
    store.updateSettings(next)
    // The page's policy names the proxy it found at load; a new one is reachable after a reload, which reads it.
    if (!pageMayConnectTo(baseUrl)) return location.reload()
    // Chats hold their client and time limit: start them over with the new ones.
    if (next.apiKey !== previous.apiKey || next.baseUrl !== previous.baseUrl || next.timeLimitSeconds !== previous.timeLimitSeconds) session.forgetChats()
    setProblem('')
    onClose()
  }

  const settings = store.settings.value
  return (
    <dialog ref={dialog} class="settings" aria-labelledby="settings-title" onClose={onClose}>
      <form onSubmit={save} key={String(open)}>
        <h2 id="settings-title">Chat settings</h2>
        <label>
          Gemini API key
          <input name="apiKey" type="password" autocomplete="off" defaultValue={settings.apiKey} />
        </label>
        <p class="note">
          No key yet? <a href={API_KEY_HELP_URL} target="_blank" rel="noopener noreferrer">Get one free at Google AI Studio</a>. It is kept only in this
          browser and sent only to the Gemini API; Python code never sees it.
        </p>
        <label>
          Model
          <input name="model" list="models" defaultValue={settings.model} />
        </label>
        <datalist id="models">
          {SUGGESTED_MODELS.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
        <label>
          Time limit for each run of code (seconds)
          <input name="timeLimitSeconds" type="number" min={1} max={300} step={1} defaultValue={String(settings.timeLimitSeconds)} />
        </label>
        <fieldset>
          <legend>API</legend>
          <label class="inline">
            <input type="radio" name="api" value="generateContent" defaultChecked={settings.api !== 'interactions'} /> generateContent
          </label>
          <label class="inline">
            <input type="radio" name="api" value="interactions" defaultChecked={settings.api === 'interactions'} /> Interactions
          </label>
          <p class="note">For new chats: a chat keeps the API it began with, since its history belongs to that API.</p>
        </fieldset>
        <label>
          API base URL (optional: a proxy or a local test server)
          <input name="baseUrl" placeholder="https://generativelanguage.googleapis.com" defaultValue={settings.baseUrl} />
        </label>
        <p class="note">The page may reach only this address besides Google's: saving a new one reloads the page to allow it.</p>
        {problem && (
          <p class="note error-text" role="alert">
            {problem}
          </p>
        )}
        <div class="dialog-actions">
          <button type="submit" class="primary">
            Save
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  )
}
