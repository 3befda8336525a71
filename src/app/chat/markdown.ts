/**
 * Model text as Markdown, made safe: marked turns it into HTML, DOMPurify
 * removes anything active, and what is left comes back as DOM nodes (no
 * string of model text is ever assigned to innerHTML by the app).
 *
 * Beyond DOMPurify's defaults: no images, media, forms or styles from model
 * text (an image URL would be a request to wherever the model chose), links
 * open in a new tab with `rel="noopener noreferrer"` and only for http(s) and
 * mailto, and Python code blocks are highlighted.
 */
import DOMPurify from 'dompurify'
import { marked } from 'marked'
import { highlightPython } from './highlight.ts'

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

export function renderMarkdown(text: string): DocumentFragment {
  const html = marked.parse(text, { async: false, gfm: true, breaks: false })
  const fragment = purifier.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS, FORBID_ATTR: ['style', 'id'] })
  for (const code of fragment.querySelectorAll('pre > code')) {
    const language = /language-(\S+)/.exec(code.className)?.[1]
    if (language === 'python' || language === 'py') code.replaceChildren(highlightPython(code.textContent ?? ''))
  }
  return fragment
}
