import { describe, expect, test } from 'vitest'
import { cleanHtmlDocument, cleanSvgDocument } from '../../../src/files/preview-markup.ts'
import { createFilePreview, PREVIEW_POLICY } from '../../../src/files/preview-frame.ts'
import { htmlFile, htmlVectors, svgFile, svgVectors } from './preview-vectors.ts'

const host = (tag: string) => `${tag}.attacker.example`
const encode = (text: string) => new TextEncoder().encode(text)
/** The markup without the tooltips that show a link's destination as text (checked on their own below). */
const withoutLinkTitles = (markup: string) => markup.replace(/ title="Link \(not followed in a preview\): [^"]*"/g, '')

function cleanHtml(html: string): string {
  const cleaned = cleanHtmlDocument(html)
  if (!cleaned.ok) throw new Error(cleaned.reason)
  return cleaned.markup
}

function cleanSvg(svg: string): string {
  const cleaned = cleanSvgDocument(svg)
  if (!cleaned.ok) throw new Error(cleaned.reason)
  return cleaned.markup
}

describe('a previewed HTML file names no host', () => {
  test.each(Object.entries(htmlVectors(host)))('%s', (_tag, vector) => {
    const cleaned = cleanHtml(`<!doctype html><html><body><p>before</p>${vector}<p>after</p></body></html>`)
    expect(withoutLinkTitles(cleaned)).not.toContain('attacker')
    expect(cleaned).toContain('<p>before</p>')
    expect(cleaned).toContain('<p>after</p>')
  })

  test('all vectors in one file, as the preview frame gets it', () => {
    const frame = createFilePreview({ name: 'report.html', data: encode(htmlFile(host)) })!
    expect(withoutLinkTitles(frame.srcdoc)).not.toContain('attacker')
    expect(frame.srcdoc).toContain('<h1>Every vector</h1>')
    expect(frame.srcdoc.indexOf(PREVIEW_POLICY)).toBeLessThan(frame.srcdoc.indexOf('<title>'))
    expect(frame.srcdoc).toContain('<meta http-equiv="x-dns-prefetch-control" content="off">')
    expect(frame.getAttribute('sandbox')).toBe('')
  })
})

describe('a previewed SVG file names no host', () => {
  test.each(Object.entries(svgVectors(host)))('%s', (_tag, vector) => {
    const cleaned = cleanSvg(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">${vector}<rect width="1" height="1"/></svg>`)
    expect(cleaned).not.toContain('attacker')
    expect(cleaned).toContain('<rect width="1" height="1"/>')
  })

  test('all vectors in one file, as the preview frame gets it: an image of the cleaned SVG', () => {
    const frame = createFilePreview({ name: 'chart.svg', data: encode(svgFile(host)) })!
    const source = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(frame.srcdoc)![1]!
    const svg = new TextDecoder().decode(Uint8Array.from(atob(source), (c) => c.charCodeAt(0)))
    expect(svg).not.toContain('attacker')
    expect(svg).toContain('svg vectors')
  })

  test('an SVG that is not well-formed is not shown, and the preview says why', () => {
    const frame = createFilePreview({ name: 'broken.svg', data: encode('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>') })!
    expect(frame.srcdoc).toContain('This file is not previewed: it is not well-formed SVG.')
    expect(frame.srcdoc).not.toContain('<img')
  })
})

describe('what a preview keeps', () => {
  test('text, tables, inline styles without resources, and data: images', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo='
    const cleaned = cleanHtml(
      `<!doctype html><html><head><style>td { color: red; background: url(http://x.example/a.png) }</style></head>` +
        `<body><table><tr><td style="font-weight: bold; background-image: url(//x.example/b.png)">1</td></tr></table>` +
        `<img alt="plot" src="${png}"><img alt="remote" src="http://x.example/c.png"></body></html>`,
    )
    expect(cleaned).toMatch(/<style>td \{ color: red;[^}]*\}<\/style>/)
    expect(cleaned).toContain('<td style="font-weight: bold;">1</td>')
    expect(cleaned).toContain(`<img alt="plot" src="${png}">`)
    expect(cleaned).toContain('<img alt="remote">')
    expect(cleaned).not.toContain('x.example')
  })

  test('a link keeps its text and shows where it goes, but has no href', () => {
    const cleaned = cleanHtml('<p><a href="https://example.org/page" target="_blank">read more</a></p>')
    expect(cleaned).toContain('<a title="Link (not followed in a preview): https://example.org/page">read more</a>')
  })

  test('an SVG keeps its references into itself (gradients, clip paths, use)', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>' +
      '<clipPath id="c"><rect width="5" height="5"/></clipPath><path id="p" d="M0 0L5 5"/></defs>' +
      '<rect width="9" height="9" fill="url(#g)" clip-path="url(#c)"/><use xlink:href="#p"/><text style="fill: url(#g)">t</text></svg>'
    const cleaned = cleanSvg(svg)
    expect(cleaned).toContain('fill="url(#g)" clip-path="url(#c)"')
    expect(cleaned).toContain('<use xlink:href="#p"/>')
    expect(cleaned).toContain('style="fill: url(&quot;#g&quot;);"')
  })

  test('scripts and event handlers are gone, their text too', () => {
    const cleaned = cleanHtml('<p onclick="alert(1)">x</p><script>alert(2)</script><svg onload="alert(3)"><script>alert(4)</script></svg>')
    expect(cleaned).not.toMatch(/alert|onclick|onload|<script/)
  })

  test('markup that parses differently each time it is read is settled or refused, never shown as it came', () => {
    const mutating = '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'
    const cleaned = cleanHtmlDocument(mutating)
    if (cleaned.ok) expect(cleaned.markup).not.toMatch(/onerror|<img src/)
    const reparsed = new DOMParser().parseFromString(cleaned.ok ? cleaned.markup : '', 'text/html')
    expect(reparsed.querySelectorAll('img, iframe, [onerror]')).toHaveLength(0)
  })
})
