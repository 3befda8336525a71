/**
 * The chat's rendering in a real browser (DOMPurify needs a DOM): pathological
 * Markdown becomes formatted or plain text with a note, never a throw; one bad
 * part of a stored conversation shows a note and leaves the rest of the
 * message drawn; file names are labelled with their invisible characters
 * written out.
 */
import type { Part } from '@google/genai'
import { h, render } from 'preact'
import { afterEach, describe, expect, test } from 'vitest'
import { renderMarkdown } from '../../../src/app/chat/markdown.ts'
import { Message } from '../../../src/app/chat/parts.tsx'

const host = document.body.appendChild(document.createElement('div'))
afterEach(() => render(null, host))

const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)
const nestedList = (levels: number) => Array.from({ length: levels }, (_, level) => `${'  '.repeat(level)}- item ${level}`).join('\n')

/** The DOM `renderMarkdown` gives, in a detached element. */
function rendered(text: string): HTMLElement {
  const element = document.createElement('div')
  element.append(renderMarkdown(text))
  return element
}

describe('Markdown a model may write to break the chat', () => {
  test.each([
    ['3,000 >', '>'.repeat(3000), /nests quotes, lists, links or emphasis more than 32 deep/],
    ['a list nested 200 levels', nestedList(200), /more than 32 deep/],
    ['emphasis nested 100 deep', `${'*a '.repeat(100)}x${' a*'.repeat(100)}`, /more than 32 deep/],
    ['50,000 _a', fill('_a', 100_000), /emphasis marks/],
    ['30 MB', fill('x', 30 * 1024 * 1024), /31,457,280 characters long/],
  ])('%s: shown as the plain text it is, under a note', (_, text, reason) => {
    const element = rendered(text)
    expect(element.querySelector('.markdown-note')?.textContent).toMatch(reason)
    expect(element.querySelector('.markdown-plain')?.textContent).toBe(text)
  })

  test.each([
    ['HTML nested 9,000 deep', `${'<div>'.repeat(9000)}x${'</div>'.repeat(9000)}`],
    ['100,000 <', fill('<', 99_999)],
    ['links in links 3,000 deep', `${'['.repeat(3000)}x${'](https://e.example/)'.repeat(3000)}`],
    ['a 100,000-character line', fill('word ', 99_999)],
    ['a Python block of 20,000 nested brackets', `\`\`\`python\n${'('.repeat(20_000)}\n\`\`\``],
    ['24,000 table columns', `|${'a|'.repeat(24_000)}\n|${'-|'.repeat(24_000)}\n`],
  ])('%s: formatted and sanitised, without a note', (_, text) => {
    const element = rendered(text)
    expect(element.querySelector('.markdown-note')).toBeNull()
    expect(element.textContent!.length).toBeGreaterThan(0)
    expect(element.querySelector('script, img, iframe, [style]')).toBeNull()
  })

  test('ordinary Markdown is formatted as before: table, highlighted Python, safe links', () => {
    const element = rendered('| a |\n|---|\n| 1 |\n\n```python\nimport os\n```\n\n[x](https://e.example/) [y](javascript:alert(1)) <img src=x onerror=alert(1)>')
    expect(element.querySelectorAll('td')).toHaveLength(1)
    expect(element.querySelector('code .tok-keyword')?.textContent).toBe('import')
    expect([...element.querySelectorAll('a')].map((link) => [link.getAttribute('href'), link.getAttribute('rel')])).toEqual([
      ['https://e.example/', 'noopener noreferrer'],
      [null, null],
    ])
    expect(element.querySelector('img')).toBeNull()
  })
})

describe('a message with bad parts (stored before imports were checked)', () => {
  const bad = [
    { text: 'Before the bad parts.' },
    null,
    { executableCode: { code: 42 } },
    { inlineData: { mimeType: 'image/png', data: 'not base64!' } },
    { codeExecutionResult: { outcome: 'OUTCOME_OK', output: { not: 'text' } } },
    { text: 'After the bad parts.' },
  ] as unknown as Part[]

  // A boundary draws its note on the next render, which Preact schedules: hence the polls.
  test('shows a note in place of each part that cannot be drawn, and every other part', async () => {
    render(h(Message, { role: 'model', parts: bad }), host)
    const message = host.querySelector('article.message')!
    await expect.poll(() => message.querySelectorAll('.part-error').length).toBe(2)
    expect([...message.querySelectorAll('.markdown p')].map((paragraph) => paragraph.textContent)).toEqual(['Before the bad parts.', 'After the bad parts.'])
    expect([...message.querySelectorAll('.part-error')].map((note) => note.textContent)).toEqual([
      expect.stringMatching(/^This part of the message could not be shown \(TypeError: .*'thought'/),
      expect.stringMatching(/^This part of the message could not be shown \(TypeError: /),
    ])
    // The image that is not base64 and the output that is not text are drawn as what they are: no image, the output's text.
    expect(message.querySelector('.note:not(.part-error)')?.textContent).toBe('An image that is not a PNG, JPEG, GIF or WebP is not shown.')
  })

  test('files whose data is not base64 show a note; the message stays', async () => {
    render(h(Message, { role: 'model', parts: [{ text: 'Here.' }], files: [{ name: 'a.txt', mimeType: 'text/plain', size: 1, data: '%%%' }] }), host)
    await expect.poll(() => host.querySelector('.part-error')?.textContent).toMatch(/^The files of this message could not be shown \(InvalidCharacterError/)
    expect(host.querySelector('.markdown p')?.textContent).toBe('Here.')
  })
})

describe('file labels', () => {
  const name = 'invoice\u202Efdp.exe'

  test('an attachment chip and a download link write out a right-to-left override', () => {
    const parts: Part[] = [{ inlineData: { mimeType: 'application/pdf', data: 'JVBERg==', displayName: name } }]
    render(h('div', null, h(Message, { role: 'user', parts }), h(Message, { role: 'model', parts: [], files: [{ name, mimeType: 'application/octet-stream', size: 2, data: 'TVo=' }] })), host)
    expect(host.querySelector('.from-user .chip')?.textContent).toBe('invoice\\u202Efdp.exe (6 B)')
    const link = host.querySelector<HTMLAnchorElement>('a.download')!
    expect(link.textContent).toBe('⬇ invoice\\u202Efdp.exe (2 B)')
    expect(link.download).toBe('invoice_fdp.exe')
    expect(host.textContent).not.toContain('\u202E')
  })
})
