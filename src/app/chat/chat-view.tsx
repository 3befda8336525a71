/** The chat: conversations on the side, the open one in the middle, the composer below. */
import { useEffect, useRef, useState } from 'preact/hooks'
import * as store from '../store/app-store.ts'
import { ErrorBoundary } from '../shell/error-boundary.tsx'
import { PackageBars } from '../shell/package-progress.tsx'
import { nextMessageModel } from '../store/conversation.ts'
import { attachFiles, Composer } from './composer.tsx'
import { ConversationHeader } from './conversation-header.tsx'
import { Message } from './parts.tsx'
import { SettingsDialog } from './settings-dialog.tsx'
import { Sidebar } from './sidebar.tsx'
import { Welcome } from './welcome.tsx'

function PendingAnswerView({ answer }: { answer: store.PendingAnswer }) {
  return (
    <>
      <Message role="user" parts={answer.userParts} />
      <Message role="model" parts={answer.parts} files={answer.files}>
        {answer.live && (
          <pre class="output-text live" aria-label="Output so far">
            {answer.live}
          </pre>
        )}
        <PackageBars packages={answer.packages} />
        {answer.parts.length === 0 && !answer.live && <p class="muted thinking">Thinking…</p>}
      </Message>
    </>
  )
}

export function ChatView() {
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [dragging, setDragging] = useState(false)
  const log = useRef<HTMLDivElement>(null)
  const conversation = store.current.value
  const pending = store.pending.value
  const shownPending = pending && pending.conversationId === conversation?.id ? pending : undefined
  const notice = store.notice.value
  const shownNotice = notice && (notice.conversationId === (conversation?.id ?? '') || notice.conversationId === '') ? notice : undefined

  // Follow the answer as it grows, unless the user scrolled up to read (a scroll event then leaves `stick` false).
  const stick = useRef(true)
  useEffect(() => {
    const element = log.current
    if (element && conversation && stick.current) element.scrollTop = element.scrollHeight
  })
  useEffect(() => {
    stick.current = true
    if (log.current) log.current.scrollTop = conversation ? log.current.scrollHeight : 0
  }, [conversation?.id])

  const replay = conversation?.replayOf !== undefined
  return (
    <div
      class={`chat-layout ${dragging ? 'dragging' : ''}`}
      onDragOver={(event) => {
        if (!event.dataTransfer?.types.includes('Files')) return
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={(event) => event.currentTarget === event.target && setDragging(false)}
      onDrop={(event) => {
        event.preventDefault()
        setDragging(false)
        if (event.dataTransfer?.files.length) void attachFiles([...event.dataTransfer.files])
      }}
      onPaste={(event) => {
        const files = [...(event.clipboardData?.files ?? [])]
        if (files.length === 0) return
        event.preventDefault()
        void attachFiles(files)
      }}
    >
      <Sidebar />
      <section class="chat-main" aria-label="Chat">
        <div class="chat-toolbar">
          <span class="muted small-text">
            {replay ? 'Recorded model' : `Model: ${nextMessageModel(conversation, store.settings.value.model)}`} · time limit {store.settings.value.timeLimitSeconds} s
          </span>
          <button type="button" onClick={() => setSettingsOpen(true)}>
            {store.settings.value.apiKey ? 'Settings' : 'Add API key'}
          </button>
        </div>
        {conversation && (
          <ErrorBoundary key={conversation.id} what="This conversation's title and actions">
            <ConversationHeader conversation={conversation} />
          </ErrorBoundary>
        )}
        {replay && (
          <p class="replay-banner" role="note">
            <strong>Replay.</strong> The model's turns come from a recording; the code runs live in the sandbox on this device.
          </p>
        )}
        <div
          class="log"
          ref={log}
          onScroll={(event) => {
            const element = event.currentTarget
            stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80
          }}
          role="log" aria-label="Messages" aria-busy={shownPending ? 'true' : 'false'} tabIndex={0}>
          {!conversation && !shownPending && <Welcome onOpenSettings={() => setSettingsOpen(true)} />}
          {conversation?.history.map((content, index) => (
            <ErrorBoundary key={`${conversation.id}-${index}`} what="This message">
              <Message role={content?.role ?? 'user'} parts={Array.isArray(content?.parts) ? content.parts : []} files={conversation.files?.[index]} />
            </ErrorBoundary>
          ))}
          {shownPending && <PendingAnswerView answer={shownPending} />}
          {shownNotice && (
            <p class={`notice ${shownNotice.kind}`} role={shownNotice.kind === 'error' ? 'alert' : 'status'}>
              {shownNotice.text}
            </p>
          )}
        </div>
        <Composer
          onNeedKey={() => setSettingsOpen(true)}
          disabledReason={replay ? 'This is a replay. Choose New chat to ask your own questions.' : undefined}
        />
        {dragging && <div class="drop-hint" aria-hidden="true">Drop files to attach them</div>}
      </section>
      <SettingsDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  )
}
