/**
 * Markdown a model may write to break the chat: every case formats or is
 * refused with a reason, and none throws. The budgets bound the work by
 * construction (length, nesting, inline marks); no case measures time.
 * The sanitised DOM is tested in the browser (test/browser/app).
 */
import { describe, expect, test } from 'vitest'
import { MARKDOWN_LIMITS, markdownToHtml } from '../../../src/app/chat/markdown-parse.ts'

/** `unit` repeated to exactly `length` characters. */
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)

/** Lines of a list, each item one level deeper than the last. */
function nestedList(levels: number): string {
  return Array.from({ length: levels }, (_, level) => `${'  '.repeat(level)}- item ${level}`).join('\n')
}

const NESTING = /nests quotes, lists, links or emphasis more than 32 deep/
const EMPHASIS = /emphasis marks \(\* _ ~\), too many to format/
const LENGTH = /characters long, more than the 100,000 that are formatted/

describe('pathological Markdown is refused with a reason, never thrown', () => {
  test.each([
    ['3,000 > (a quote in a quote, 3,000 deep)', '>'.repeat(3000), NESTING],
    ['quote markers to the length limit', fill('>', MARKDOWN_LIMITS.maxChars), NESTING],
    ['a quote one level deeper on every line', Array.from({ length: 400 }, (_, depth) => `${'>'.repeat(depth)} line`).join('\n'), NESTING],
    ['a list nested 200 levels by indentation', nestedList(200), NESTING],
    ['numbered list markers nested on one line', fill('1. ', 60_000), NESTING],
    ['quotes and lists interleaved', fill('> - ', 60_000), NESTING],
    ['emphasis nested 100 deep', `${'*a '.repeat(100)}x${' a*'.repeat(100)}`, NESTING],
    ['strong emphasis nested 100 deep', `${'**a '.repeat(100)}x${' a**'.repeat(100)}`, NESTING],
    ['underscore emphasis nested 100 deep', `${'_a '.repeat(100)}x${' a_'.repeat(100)}`, NESTING],
    ['strikethrough nested 100 deep', `${'~a '.repeat(100)}x${' a~'.repeat(100)}`, NESTING],
    ['emphasis nested 3,000 deep', `${'*a '.repeat(3000)}x${' a*'.repeat(3000)}`, EMPHASIS],
    ['30,000 * around one word', `${'*'.repeat(30_000)}x${'*'.repeat(30_000)}`, EMPHASIS],
    ['50,000 escaped * (counted too: the budget is simple, not clever)', fill('\\*', 99_998), EMPHASIS],
    ['a paragraph of 50,000 *a (quadratic delimiter matching)', fill('*a', 100_000), EMPHASIS],
    ['a paragraph of 50,000 _a', fill('_a', 100_000), EMPHASIS],
    ['a paragraph of **a', fill('**a', 99_999), EMPHASIS],
    ['code spans inside emphasis', fill('*`a', 99_999), EMPHASIS],
    ['a document over the length limit', fill('Lorem ipsum. ', MARKDOWN_LIMITS.maxChars + 1), LENGTH],
    ['30 MB of text', fill('x', 30 * 1024 * 1024), LENGTH],
    ['a nested list too long to nest (3,000 levels: 9 MB of indentation)', nestedList(3000), LENGTH],
  ])('%s', (_, text, reason) => {
    const result = markdownToHtml(text)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.reason).toMatch(reason)
  })
})

describe('deep but reasonable Markdown, huge lines and odd constructs still format', () => {
  test('quotes 30 deep', () => {
    const result = markdownToHtml(`${'>'.repeat(30)} deep`)
    expect(result).toEqual({ ok: true, html: expect.stringContaining('<p>deep</p>') })
    expect(result.ok && result.html.match(/<blockquote>/g)?.length).toBe(30)
  })

  test('a list nested 15 levels', () => {
    const result = markdownToHtml(nestedList(15))
    expect(result.ok && result.html.match(/<ul>/g)?.length).toBe(15)
  })

  test('emphasis nested 10 deep', () => {
    const result = markdownToHtml(`${'*a '.repeat(10)}x${' a*'.repeat(10)}`)
    expect(result.ok && result.html.match(/<em>/g)?.length).toBe(10)
  })

  test.each([
    ['a 100,000-character line', fill('word ', 99_999), '<p>word word'],
    ['links in links, 5,000 deep', `${'['.repeat(5000)}x${'](u)'.repeat(5000)}`, '<a href="u">'],
    ['100,000 opening brackets', fill('[', 99_999), '<p>[[['],
    ['image brackets', fill('![', 99_998), '<p>![!['],
    ['a link whose destination never closes', `[a](${fill('(', 99_990)}`, '<p>[a]('],
    ['HTML tags nested 9,000 deep (left to the sanitiser)', `${'<div>'.repeat(9000)}x${'</div>'.repeat(9000)}`, '<div><div><div>'],
    ['16,000 unclosed spans', fill('<span>', 99_996), '<span><span>'],
    ['100,000 <', fill('<', 99_999), '&lt;&lt;'],
    ['100,000 backticks', fill('`', 99_999), '<pre><code></code></pre>'],
    ['runs of backticks of every length', Array.from({ length: 440 }, (_, n) => '`'.repeat(n + 1)).join(' '), '<p>` `` ```'],
    ['100,000 underscores', fill('_', 99_999), '<hr>'],
    ['100,000 tildes', fill('~', 99_999), '<pre><code></code></pre>'],
    ['100,000 #', fill('#', 99_999), '<p>####'],
    ['24,000 table columns', `|${'a|'.repeat(24_000)}\n|${'-|'.repeat(24_000)}\n`, '<table>'],
    ['16,000 table rows', `|a|b|\n|-|-|\n${fill('|x|y|\n', 99_000)}`, '<td>x</td>'],
    ['10,000 bare links', fill('www.a.com ', 99_990), '<a href="http://www.a.com">'],
    ['25,000 unclosed code fences', fill('```\n', 99_996), '<pre><code>'],
    ['20,000 setext headings', fill('a\n=\n', 99_996), '<h1>a</h1>'],
    ['a task list of 16,000 items', fill('- [ ] ', 99_996), '<input'],
  ])('%s', (_, text, html) => {
    const result = markdownToHtml(text)
    expect(result.ok ? result.html : result.reason).toContain(html)
  })

  test('ordinary Markdown is unchanged: headings, tables, fenced code, links', () => {
    const result = markdownToHtml('# Sales\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n\nSee [docs](https://example.com), **bold** and _em_.')
    expect(result).toEqual({
      ok: true,
      html:
        '<h1>Sales</h1>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody><tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody></table>\n' +
        '<pre><code class="language-python">print(1)\n</code></pre>\n<p>See <a href="https://example.com">docs</a>, <strong>bold</strong> and <em>em</em>.</p>\n',
    })
  })
})
