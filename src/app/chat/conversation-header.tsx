/** A conversation's title and what can be done with it: rename, export, copy, rebuild Python, delete. */
import { useState } from 'preact/hooks'
import * as store from '../store/app-store.ts'
import type { Conversation } from '../store/conversation.ts'
import { conversationToMarkdown, exportConversation, exportFileName } from '../store/transfer.ts'
import { CopyButton } from '../shell/copy-button.tsx'
import * as session from './session.ts'

function download(conversation: Conversation): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([exportConversation(conversation)], { type: 'application/octet-stream' }))
  link.download = exportFileName(conversation)
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
}

export function ConversationHeader({ conversation }: { conversation: Conversation }) {
  const [renaming, setRenaming] = useState(false)
  const busy = store.pending.value !== undefined
  const hasCode = conversation.history.some((content) => content?.parts?.some((part) => part?.executableCode))
  const remove = () => {
    if (!confirm(`Delete “${conversation.title}”? This cannot be undone.`)) return
    session.forgetChat(conversation.id)
    void store.removeConversation(conversation.id)
  }
  return (
    <header class="conversation-header">
      {renaming ? (
        <form
          class="rename"
          onSubmit={(event) => {
            event.preventDefault()
            const title = new FormData(event.currentTarget).get('title')
            void store.renameConversation(conversation.id, String(title ?? ''))
            setRenaming(false)
          }}
        >
          <label class="sr-only" for="rename-title">
            Conversation title
          </label>
          <input id="rename-title" name="title" defaultValue={conversation.title} autoFocus onKeyDown={(event) => event.key === 'Escape' && setRenaming(false)} />
          <button type="submit">Save</button>
        </form>
      ) : (
        <h2 class="conversation-title">{conversation.title}</h2>
      )}
      {conversation.api === 'interactions' && (
        <span class="muted api-tag" title="This chat runs on Gemini's Interactions API; each message continues its last interaction.">
          Interactions API
        </span>
      )}
      <div class="conversation-actions" role="group" aria-label="Conversation actions">
        <button type="button" onClick={() => setRenaming(true)} disabled={renaming}>
          Rename
        </button>
        <button type="button" onClick={() => download(conversation)}>
          Export
        </button>
        <CopyButton text={() => conversationToMarkdown(conversation)} label="Copy the conversation as Markdown" visible="Copy as Markdown" />
        {hasCode && !store.liveState.value.has(conversation.id) && (
          <button type="button" disabled={busy} onClick={() => void session.rebuildState(conversation)} title="Run this conversation's code again, so its variables and files are back">
            Rebuild Python state
          </button>
        )}
        <button type="button" class="danger" disabled={busy} onClick={remove}>
          Delete
        </button>
      </div>
    </header>
  )
}
