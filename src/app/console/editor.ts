/**
 * The console's code editor: CodeMirror 6 with Python highlighting and
 * indentation. Tab indents; Escape then Tab (or Shift+Tab) leaves the editor,
 * CodeMirror's own way out, so keyboard users are never trapped.
 * Ctrl/Cmd+Enter runs the code.
 *
 * CodeMirror injects its styles as <style> elements at run time, so the page's
 * Content-Security-Policy must allow them (style-src 'unsafe-inline', or a
 * nonce passed to `EditorView.cspNonce`).
 */
import { indentWithTab } from '@codemirror/commands'
import { python } from '@codemirror/lang-python'
import { indentUnit, syntaxHighlighting } from '@codemirror/language'
import { Prec } from '@codemirror/state'
import { EditorView, keymap } from '@codemirror/view'
import { classHighlighter } from '@lezer/highlight'
import { basicSetup } from 'codemirror'

export interface EditorOptions {
  parent: HTMLElement
  doc: string
  /** Called on Ctrl/Cmd+Enter. */
  onRun: () => void
  /** The accessible name of the editing area. */
  label: string
}

export function createEditor(options: EditorOptions): EditorView {
  return new EditorView({
    parent: options.parent,
    doc: options.doc,
    extensions: [
      keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }, indentWithTab]),
      // Escape always opens the way out, even when it also closes a completion popup.
      Prec.highest(EditorView.domEventHandlers({ keydown: (event, view) => (event.key === 'Escape' && view.setTabFocusMode(2000), false) })),
      basicSetup,
      python(),
      indentUnit.of('    '), // PEP 8
      // Classes (tok-keyword, …) rather than inline colours: the stylesheet themes them for light and dark alike.
      syntaxHighlighting(classHighlighter),
      EditorView.contentAttributes.of({ 'aria-label': options.label }),
      EditorView.theme({ '&': { fontSize: '0.9rem' }, '.cm-scroller': { fontFamily: 'var(--mono)' } }),
    ],
  })
}
