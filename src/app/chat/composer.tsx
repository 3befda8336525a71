/**
 * Where the user writes: the message, attachments as chips (button, drop or
 * paste), Send, and while an answer comes: Stop with the elapsed time.
 */
import { useRef, useState } from 'preact/hooks'
import * as store from '../store/app-store.ts'
import { Elapsed } from '../shell/elapsed.tsx'
import { safeFileLabel } from '../../index.ts'
import { FileName, formatBytes } from '../shell/products.tsx'
import { ACCEPT, readAttachments } from './attach.ts'
import * as session from './session.ts'

/** Adds files to the composer; returns a message for those refused. Used by drop and paste too. */
export async function attachFiles(files: Iterable<File>): Promise<void> {
  const { added, refused } = await readAttachments(files)
  store.attachments.value = [...store.attachments.value, ...added]
  if (refused.length) store.notice.value = { conversationId: store.currentId.value ?? '', kind: 'error', text: `Not attached: ${refused.join('; ')}.` }
}

export function Composer({ onNeedKey, disabledReason }: { onNeedKey: () => void; disabledReason?: string }) {
  const [text, setText] = useState('')
  const fileInput = useRef<HTMLInputElement>(null)
  const pending = store.pending.value
  const busy = pending !== undefined

  const submit = async (event?: Event) => {
    event?.preventDefault()
    const message = text.trim()
    const attached = store.attachments.value
    if ((!message && attached.length === 0) || busy || disabledReason) return
    if (!store.settings.value.apiKey) return onNeedKey()
    setText('')
    store.attachments.value = []
    // A failed or stopped message goes back into the composer, so nothing typed or attached is lost.
    if (!(await session.send(message, attached))) {
      setText(message)
      store.attachments.value = [...attached, ...store.attachments.value]
    }
  }

  return (
    <form class="composer" onSubmit={submit} aria-label="Write a message">
      {store.attachments.value.length > 0 && (
        <ul class="chips" aria-label="Attachments">
          {store.attachments.value.map((file) => (
            <li key={file.id} class="chip">
              <FileName name={file.name} /> <span class="muted">({formatBytes(file.size)})</span>
              <button
                type="button"
                class="icon"
                aria-label={`Remove ${safeFileLabel(file.name)}`}
                onClick={() => (store.attachments.value = store.attachments.value.filter((other) => other.id !== file.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="sr-only" for="message">
        Message
      </label>
      <textarea
        id="message"
        rows={2}
        value={text}
        disabled={!!disabledReason}
        placeholder={disabledReason ?? 'Ask something that needs a calculation… (Enter sends, Shift+Enter adds a line)'}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) void submit(event)
        }}
      />
      <div class="composer-actions">
        <input ref={fileInput} type="file" multiple accept={ACCEPT} hidden onChange={(event) => {
          const input = event.currentTarget
          if (input.files?.length) void attachFiles([...input.files])
          input.value = ''
        }} />
        <button type="button" disabled={!!disabledReason} onClick={() => fileInput.current?.click()} title="CSV, text, PDF or images; you can also drop or paste them">
          Attach files
        </button>
        {busy ? (
          <>
            <span class="run-state" role="status">
              {pending.runStartedAt ? 'Running code' : 'Waiting for Gemini'} · <Elapsed since={pending.runStartedAt ?? pending.startedAt} />
            </span>
            <button type="button" class="danger" onClick={session.stop}>
              Stop
            </button>
          </>
        ) : (
          <button type="submit" class="primary" disabled={!!disabledReason}>
            Send
          </button>
        )}
      </div>
    </form>
  )
}
