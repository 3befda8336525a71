/**
 * One message of a conversation, drawn from its parts in the built-in shape:
 * Markdown text, the code the model ran, what it printed, images, and the
 * files its code wrote. Code and output are collapsible and copyable.
 */
import type { Part } from '@google/genai'
import { useLayoutEffect, useMemo, useRef } from 'preact/hooks'
import { CopyButton } from '../shell/copy-button.tsx'
import { ErrorBoundary } from '../shell/error-boundary.tsx'
import { DownloadLink, FileName, formatBytes, ImageView, isRasterImage } from '../shell/products.tsx'
import { safeFileLabel } from '../../index.ts'
import type { StoredFile } from '../store/conversation.ts'
import { decodeBase64 } from './base64.ts'
import { highlightPython } from './highlight.ts'
import { renderMarkdown } from './markdown.ts'
import { mergeTextParts } from '../../gemini/merge-text.ts'

export function Markdown({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null)
  useLayoutEffect(() => ref.current?.replaceChildren(renderMarkdown(text)), [text])
  return <div class="markdown" ref={ref} />
}

/** Python source, highlighted with the editor's own parser. */
export function PythonCode({ code }: { code: string }) {
  const ref = useRef<HTMLElement>(null)
  useLayoutEffect(() => ref.current?.replaceChildren(highlightPython(code)), [code])
  return (
    <pre class="code">
      <code ref={ref} />
    </pre>
  )
}

const OUTCOME_TEXT: Record<string, string> = {
  OUTCOME_OK: 'ran',
  OUTCOME_FAILED: 'failed',
  OUTCOME_DEADLINE_EXCEEDED: 'hit the time limit',
}

function CodePart({ code }: { code: string }) {
  return (
    <details class="tool code-part" open>
      <summary>
        <span>Python code</span>
        <CopyButton text={() => code} label="Copy code" />
      </summary>
      <PythonCode code={code} />
    </details>
  )
}

function ResultPart({ outcome, output }: { outcome: string; output: string }) {
  const ok = outcome === 'OUTCOME_OK'
  return (
    <details class={`tool result-part ${ok ? '' : 'failed'}`} open>
      <summary>
        <span>Output · {OUTCOME_TEXT[outcome] ?? outcome}</span>
        <CopyButton text={() => output} label="Copy output" />
      </summary>
      <pre class="output-text">{output || '(no output)'}</pre>
    </details>
  )
}

function Attachment({ part }: { part: Part }) {
  const blob = part.inlineData!
  const mimeType = blob.mimeType ?? 'application/octet-stream'
  const size = Math.floor(((blob.data ?? '').length * 3) / 4)
  if (isRasterImage(mimeType) && blob.data) return <ImageView data={blob.data} alt={blob.displayName === undefined ? 'Attached image' : safeFileLabel(blob.displayName)} />
  return (
    <span class="chip">
      <FileName name={blob.displayName ?? mimeType} /> <span class="muted">({formatBytes(size)})</span>
    </span>
  )
}

export function PartView({ part, role }: { part: Part; role: string }) {
  if (part.thought) return null
  if (typeof part.text === 'string') return role === 'user' ? <p class="user-text">{part.text}</p> : <Markdown text={part.text} />
  if (part.executableCode) return <CodePart code={part.executableCode.code ?? ''} />
  if (part.codeExecutionResult) return <ResultPart outcome={part.codeExecutionResult.outcome ?? 'OUTCOME_OK'} output={part.codeExecutionResult.output ?? ''} />
  if (part.inlineData) {
    if (role === 'user') return <Attachment part={part} />
    return <ImageView data={part.inlineData.data ?? ''} alt="An image the code displayed" />
  }
  return null
}

export function FilesView({ files }: { files: readonly StoredFile[] }) {
  const decoded = useMemo(() => files.map((file) => ({ file, bytes: decodeBase64(file.data) })), [files])
  if (files.length === 0) return null
  return (
    <div class="files" aria-label="Files the code wrote">
      {decoded.map(({ file, bytes }) => (
        <DownloadLink key={file.name} name={file.name} size={file.size} bytes={bytes} />
      ))}
    </div>
  )
}

/**
 * The parts as shown: streamed text joined. A conversation stored before
 * imports were checked may hold parts that are not objects; those are shown
 * one by one, each failing on its own.
 */
function shownParts(parts: readonly Part[]): readonly Part[] {
  return parts.every((part) => typeof part === 'object' && part !== null) ? mergeTextParts(parts) : parts
}

export function Message({ role, parts, files, children }: { role: string; parts: readonly Part[]; files?: readonly StoredFile[]; children?: preact.ComponentChildren }) {
  const who = role === 'user' ? 'You' : 'Gemini'
  return (
    <article class={`message ${role === 'user' ? 'from-user' : 'from-model'}`} aria-label={`${who} said`}>
      <h3 class="sr-only">{who}</h3>
      {shownParts(parts).map((part, index) => (
        <ErrorBoundary key={index} what="This part of the message">
          <PartView part={part} role={role} />
        </ErrorBoundary>
      ))}
      {children}
      {files && (
        <ErrorBoundary what="The files of this message">
          <FilesView files={files} />
        </ErrorBoundary>
      )}
    </article>
  )
}
