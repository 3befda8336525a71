/**
 * Model text as Markdown, made safe: marked turns it into HTML, DOMPurify
 * removes anything active, and what is left comes back as DOM nodes (no
 * string of model text is ever assigned to innerHTML by the app).
 *
 * Beyond DOMPurify's defaults: no images, media, forms or styles from model
 * text (an image URL would be a request to wherever the model chose), links
 * open in a new tab with `rel="noopener noreferrer"` and only for http(s) and
 * mailto, and Python code blocks are highlighted.
 *
 * It never throws: text over the parsing budgets (`markdown-parse.ts`), or
 * that fails anywhere on the way, is shown as plain text under a note.
 */
import DOMPurify from 'dompurify'
import { highlightPython } from './highlight.ts'
import { markdownToHtml } from './markdown-parse.ts'

const FORBID_TAGS = ['img', 'picture', 'source', 'video', 'audio', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'style', 'link', 'meta', 'svg', 'math']
const SAFE_LINK = /^(https?:|mailto:)/i

const purifier = DOMPurify()
purifier.addHook('afterSanitizeAttributes', (node) => {
  // Classes only name a code block's language; the app's own classes stay the app's.
  const className = node.getAttribute('class')
  if (className !== null && !/^language-[\w+-]+$/.test(className)) node.removeAttribute('class')
  if (node.tagName !== 'A') return
  const href = node.getAttribute('href') ?? ''
  if (!SAFE_LINK.test(href)) {
    node.removeAttribute('href')
    return
  }
  node.setAttribute('target', '_blank')
  node.setAttribute('rel', 'noopener noreferrer')
})

function formatted(html: string): DocumentFragment {
  const fragment = purifier.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS, FORBID_ATTR: ['style', 'id'] })
  for (const code of fragment.querySelectorAll('pre > code')) {
    const language = /language-(\S+)/.exec(code.className)?.[1]
    if (language === 'python' || language === 'py') code.replaceChildren(highlightPython(code.textContent ?? ''))
  }
  return fragment
}

/** The text as it is, under a note saying why it is not formatted. */
function plain(text: string, reason: string): DocumentFragment {
  const note = document.createElement('p')
  note.className = 'note markdown-note'
  note.textContent = `Shown as plain text: ${reason}.`
  const body = document.createElement('div')
  body.className = 'markdown-plain'
  body.textContent = text
  const fragment = document.createDocumentFragment()
  fragment.append(note, body)
  return fragment
}

/** Model text as safe DOM nodes: formatted Markdown, or plain text with a note. Never throws. */
export function renderMarkdown(text: string): DocumentFragment {
  const parsed = markdownToHtml(text)
  if (!parsed.ok) return plain(text, parsed.reason)
  try {
    return formatted(parsed.html)
  } catch (error) {
    return plain(text, `it could not be shown formatted (${error instanceof Error ? error.name : 'error'})`)
  }
}
