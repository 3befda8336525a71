/**
 * Draws the parts of a model answer in the built-in shape: text, the code the
 * model ran, what it printed, images. Text is set with `textContent` only:
 * model output is never parsed as HTML.
 */
import type { Part } from '@google/genai'
import { imageSource } from '../../files/safe-display.ts'

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/** Appends one part to a message; consecutive text deltas extend the last text block. */
export function appendPart(message: HTMLElement, part: Part): void {
  if (part.thought) return
  if (typeof part.text === 'string') {
    if (part.text === '') return
    const last = message.lastElementChild
    if (last instanceof HTMLElement && last.classList.contains('gc-text')) last.textContent += part.text
    else message.append(element('div', 'gc-text', part.text))
    return
  }
  if (part.executableCode) {
    const block = element('details', 'gc-code')
    block.open = true
    block.append(element('summary', '', 'Python'), element('pre', '', part.executableCode.code ?? ''))
    message.append(block)
    return
  }
  if (part.codeExecutionResult) {
    // Live output (if any) was shown while the code ran; the result replaces it.
    message.querySelector('.gc-live')?.remove()
    const outcome = part.codeExecutionResult.outcome ?? 'OUTCOME_OK'
    const block = element('pre', `gc-output ${outcome === 'OUTCOME_OK' ? '' : 'gc-failed'}`, part.codeExecutionResult.output || '(no output)')
    if (outcome !== 'OUTCOME_OK') block.title = outcome
    message.append(block)
    return
  }
  // Only PNG, JPEG, GIF or WebP bytes become an image: an SVG "image" could carry script.
  const source = part.inlineData?.data ? imageSource({ data: part.inlineData.data }) : undefined
  if (source) {
    const image = element('img', 'gc-image')
    image.alt = 'Image produced by the code'
    image.src = source
    message.append(image)
  }
}

/** Shows output as the code prints it, until the result arrives. */
export function appendLiveOutput(message: HTMLElement, text: string): void {
  let live = message.querySelector<HTMLElement>('.gc-live')
  if (!live) {
    live = element('pre', 'gc-output gc-live')
    message.append(live)
  }
  live.textContent += text
}

export const CHAT_STYLES = `
.gc-chat { display: flex; flex-direction: column; gap: .5rem; font: 14px/1.4 system-ui, sans-serif; min-height: 0; }
.gc-bar { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
.gc-log { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: .5rem; min-height: 12rem; }
.gc-msg { padding: .5rem .75rem; border-radius: .5rem; max-width: 100%; overflow-x: auto; }
.gc-user { background: #e8f0fe; align-self: flex-end; white-space: pre-wrap; }
.gc-model { background: #f5f5f5; }
.gc-error { background: #fdecea; color: #8a1c13; }
.gc-text { white-space: pre-wrap; }
.gc-code pre, .gc-output { font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; margin: .25rem 0; padding: .5rem; border-radius: .25rem; }
.gc-code pre { background: #263238; color: #eceff1; }
.gc-output { background: #fff; border: 1px solid #ddd; }
.gc-failed { border-color: #d93025; }
.gc-image { max-width: 100%; display: block; margin: .25rem 0; }
.gc-form { display: flex; gap: .5rem; }
.gc-form textarea { flex: 1; min-height: 3rem; font: inherit; }
.gc-dialog label { display: block; margin: .5rem 0; }
.gc-dialog input { width: 100%; box-sizing: border-box; }
.gc-note { color: #555; font-size: 12px; }
`
