/**
 * Markdown to HTML in bounded work. marked is recursive and, for some
 * inputs, quadratic: 3,000 `>` overflow the stack, a few thousand nested
 * list items take gigabytes, and 100 KB of `_a` takes many seconds. A model
 * can write any of these, so the work is bounded by three budgets, each
 * checked where the work happens: the text's length, the depth of nesting
 * (every level of a quote, list, link, emphasis or strikethrough is one
 * more call into the lexer, counted there), and for each run of inline text
 * its length times its emphasis marks (what marked's delimiter matching
 * costs). Text over a budget is refused with the reason, for the caller to
 * show as plain text. Pure: runs in Node, no DOM (sanitising is the caller's).
 */
import { getDefaults, Lexer, Parser, type MarkedOptions, type Token, type TokensList } from 'marked'

export const MARKDOWN_LIMITS = {
  /** Longest text formatted as Markdown, in UTF-16 code units; Gemini's longest answers are a fraction of it. */
  maxChars: 100_000,
  /** Deepest nesting of blocks and inline spans. */
  maxDepth: 32,
  /** Largest (length × emphasis marks) of one run of inline text. */
  maxInlineWork: 4_000_000,
} as const

export type MarkdownHtml = { ok: true; html: string } | { ok: false; reason: string }

class OverBudget extends Error {
  override readonly name = 'OverBudget'
}

const EMPHASIS_MARKS = /[*_~]/g

/** marked's lexer with a count of how deep it is; blocks and inline spans nest through these two methods. */
class BoundedLexer extends Lexer {
  private depth = 0

  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[]
  override blockTokens(src: string, tokens?: TokensList, lastParagraphClipped?: boolean): TokensList
  override blockTokens(src: string, tokens?: Token[], lastParagraphClipped?: boolean): Token[] {
    return this.nested(() => super.blockTokens(src, tokens, lastParagraphClipped))
  }

  override inlineTokens(src: string, tokens?: Token[]): Token[] {
    const marks = src.match(EMPHASIS_MARKS)?.length ?? 0
    if (src.length * marks > MARKDOWN_LIMITS.maxInlineWork) {
      throw new OverBudget(`it has a paragraph with ${marks.toLocaleString('en')} emphasis marks (* _ ~), too many to format`)
    }
    return this.nested(() => super.inlineTokens(src, tokens))
  }

  private nested<T>(work: () => T): T {
    if (++this.depth > MARKDOWN_LIMITS.maxDepth) throw new OverBudget(`it nests quotes, lists, links or emphasis more than ${MARKDOWN_LIMITS.maxDepth} deep`)
    try {
      return work()
    } finally {
      this.depth--
    }
  }
}

/** Options of their own for each call: marked's lexer writes its tokenizer into them. */
function options(): MarkedOptions {
  return { ...getDefaults(), async: false, gfm: true, breaks: false }
}

/**
 * The HTML of `text` (not yet sanitised), or why it is not formatted. Never throws.
 *
 * @example
 * const result = markdownToHtml('>'.repeat(3000))
 * result.ok // false: result.reason says it nests more than 32 deep
 */
export function markdownToHtml(text: string): MarkdownHtml {
  if (text.length > MARKDOWN_LIMITS.maxChars) {
    return { ok: false, reason: `it is ${text.length.toLocaleString('en')} characters long, more than the ${MARKDOWN_LIMITS.maxChars.toLocaleString('en')} that are formatted` }
  }
  try {
    const tokens = new BoundedLexer(options()).lex(text)
    return { ok: true, html: new Parser(options()).parse(tokens) }
  } catch (error) {
    if (error instanceof OverBudget) return { ok: false, reason: error.message }
    // Not expected within the budgets; kept as the last line so that no text can break a view.
    return { ok: false, reason: `it could not be formatted (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)})` }
  }
}
