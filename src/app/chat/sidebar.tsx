/** The list of conversations, New chat, Import, and the recorded demos. */
import { useRef } from 'preact/hooks'
import * as store from '../store/app-store.ts'
import { putConversation } from '../store/app-store.ts'
import { safeFileLabel } from '../../index.ts'
import { importConversation, ImportError, IMPORT_LIMITS } from '../store/transfer.ts'
import { RECORDINGS } from './recordings.ts'
import * as session from './session.ts'

/** The notice after an import: what was imported and, when the file had to be repaired, what was left out. */
export function importNotice(title: string, repairs: readonly string[]): string {
  if (repairs.length === 0) return `Imported “${title}”.`
  const shown = repairs.slice(0, 3).join('; ')
  const more = repairs.length > 3 ? `; and ${repairs.length - 3} more` : ''
  return `Imported “${title}”, repaired: ${shown}${more}.`
}

async function importFile(file: File): Promise<void> {
  try {
    // Refused before it is read: a file of gigabytes would stall the page first.
    if (file.size > IMPORT_LIMITS.fileChars * 4) throw new ImportError(`This file is ${(file.size / 1024 / 1024).toFixed(1)} MB, far more than any conversation this app exports.`)
    const { conversation: checked, repairs } = importConversation(await file.text())
    // Importing the same file twice keeps both; before the stored list is loaded, any id might be in use.
    const inUse = !store.loaded.value || store.conversations.value.some((other) => other.id === checked.id)
    const conversation = inUse ? { ...checked, id: crypto.randomUUID() } : checked
    await putConversation(conversation)
    store.currentId.value = conversation.id
    store.notice.value = { conversationId: conversation.id, kind: 'info', text: importNotice(conversation.title, repairs) }
  } catch (error) {
    store.notice.value = { conversationId: store.currentId.value ?? '', kind: 'error', text: `Could not import ${safeFileLabel(file.name)}: ${(error as Error).message}` }
  }
}

export function Sidebar() {
  const importInput = useRef<HTMLInputElement>(null)
  const busy = store.pending.value !== undefined
  return (
    <nav class="sidebar" aria-label="Conversations">
      <div class="sidebar-actions">
        <button type="button" class="primary" onClick={() => (store.currentId.value = undefined)}>
          New chat
        </button>
        <button type="button" onClick={() => importInput.current?.click()}>
          Import…
        </button>
        <input ref={importInput} type="file" accept=".json,application/json" hidden onChange={(event) => {
          const input = event.currentTarget
          if (input.files?.[0]) void importFile(input.files[0])
          input.value = ''
        }} />
      </div>
      <h2 class="sidebar-heading">Your conversations</h2>
      {store.conversations.value.length === 0 ? (
        <p class="muted small-text">{store.loaded.value ? 'None yet. They are kept in this browser only.' : 'Loading…'}</p>
      ) : (
        <ul class="conversation-list">
          {store.conversations.value.map((conversation) => (
            <li key={conversation.id}>
              <button
                type="button"
                class="conversation-link"
                aria-current={conversation.id === store.currentId.value ? 'page' : undefined}
                onClick={() => (store.currentId.value = conversation.id)}
              >
                {conversation.replayOf && (
                  <>
                    <span class="badge">Replay</span>{' '}
                  </>
                )}
                {conversation.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2 class="sidebar-heading demo-heading">Demos: no key, no network</h2>
      <ul class="demo-list">
        {RECORDINGS.map((recording) => (
          <li key={recording.id}>
            <button type="button" class="demo-link" disabled={busy} onClick={() => void session.startReplay(recording.id)}>
              <span class="badge">Replay</span> {recording.title}
              {recording.needs.length > 0 && <span class="muted small-text"> · needs {recording.needs.join(', ')} from the full mirror</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
