/**
 * Python highlighting for read-only code (the model's code, Markdown code
 * blocks) with the same Lezer parser the console's editor uses, so both look
 * alike and no second highlighter is shipped. Builds text nodes and spans:
 * the code is never parsed as HTML.
 */
import { parser } from '@lezer/python'
import { classHighlighter, highlightCode } from '@lezer/highlight'

export function highlightPython(code: string): DocumentFragment {
  const fragment = document.createDocumentFragment()
  highlightCode(
    code,
    parser.parse(code),
    classHighlighter,
    (text, classes) => {
      if (!classes) return void fragment.append(text)
      const span = document.createElement('span')
      span.className = classes
      span.textContent = text
      fragment.append(span)
    },
    () => fragment.append('\n'),
  )
  return fragment
}
