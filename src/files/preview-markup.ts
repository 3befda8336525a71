/**
 * HTML and SVG the code wrote, rewritten so that showing them names no host.
 *
 * A sandboxed frame and a `default-src 'none'` policy stop a preview from
 * loading anything, but not from reaching the network: Chromium resolves the
 * host of a nested frame and connects to it before `frame-src` refuses it,
 * acts on `<link rel=preconnect>` and `dns-prefetch`, which no policy
 * governs, and connects when a link is clicked even though the navigation is
 * then blocked. So the markup is parsed into an inert document (`DOMParser`:
 * no script runs, nothing is fetched), and only what cannot name a resource
 * is kept:
 * - elements from an allow list; frames, objects, embeds, media, `link`,
 *   `meta`, `base`, scripts, templates and SVG animation are dropped with
 *   their content; forms and unknown elements are replaced by their content;
 * - no attribute that takes a URL, except a `data:` image on `<img>` and SVG
 *   `<image>`, and a same-document `#fragment` where SVG references one;
 *   no event handler; links keep their text and show their destination as a
 *   tooltip, but have no `href`, so a click does nothing;
 * - CSS in `<style>` and `style=""` through `preview-css.ts`.
 *
 * Serializing and parsing again can change what markup means (mutation XSS),
 * so the result is cleaned until it no longer changes; markup that never
 * settles is shown as text.
 */
import { cleanDeclarations, cleanStyleSheet, namesResource } from './preview-css.ts'

const HTML_NS = 'http://www.w3.org/1999/xhtml'
const SVG_NS = 'http://www.w3.org/2000/svg'
const XLINK_NS = 'http://www.w3.org/1999/xlink'

/** Kept as they are (their attributes still checked). */
const HTML_ELEMENTS = new Set(
  ('html head body title div span p br hr h1 h2 h3 h4 h5 h6 ul ol li dl dt dd menu table thead tbody tfoot tr th td ' +
    'caption colgroup col pre code kbd samp var em strong b i u s strike small big sub sup mark blockquote q cite abbr ' +
    'acronym dfn time data figure figcaption header footer main section article aside nav address hgroup search ' +
    'details summary center font del ins wbr ruby rt rp bdi bdo label fieldset legend meter progress output img ' +
    'canvas a style tt nobr marquee input button select option optgroup textarea datalist').split(' '),
)
const SVG_ELEMENTS = new Set(
  ('svg g defs symbol use title desc metadata path rect circle ellipse line polyline polygon text tspan textPath ' +
    'linearGradient radialGradient stop clipPath mask pattern marker filter feBlend feColorMatrix feComponentTransfer ' +
    'feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA ' +
    'feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight ' +
    'feSpecularLighting feSpotLight feTile feTurbulence foreignObject image a style switch view').split(' '),
)
/** Removed with everything inside them: what they hold is either a resource, script, or inert by design. */
const DROPPED = new Set(
  ('script template iframe frame frameset object embed applet noembed noframes link meta base audio video picture ' +
    'source track portal fencedframe param animate animateMotion animateTransform animateColor set discard mpath ' +
    'feImage cursor font-face font-face-src font-face-uri color-profile handler tref altGlyph').split(' '),
)
/** SVG elements whose `href` may point into the same document. */
const FRAGMENT_HREF = new Set(['use', 'linearGradient', 'radialGradient', 'pattern', 'textPath', 'filter'])
/** Attributes that take a URL (or, like `srcdoc`, a document), in HTML, SVG and their legacy forms. */
const URL_ATTRIBUTES = new Set(
  ('href src srcset srcdoc action formaction background poster data codebase cite longdesc lowsrc dynsrc usemap ' +
    'manifest ping profile classid archive code imagesrcset attributionsrc itemtype itemid base target').split(' '),
)
/** `url(#id)` as written in an attribute: a reference into the same document. */
const RAW_FRAGMENT_URL = /\burl\(\s*(['"]?)#[^'"()\s\\]*\1\s*\)/gi
/** `data:` images, which name no host. */
const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp|svg\+xml)[;,]/i

/** The cleaned document's markup: for HTML a whole document, for SVG the `<svg>` element. */
export type CleanMarkup = { ok: true; markup: string } | { ok: false; reason: string }

/**
 * `html` as an HTML document that names no resource, with `head` (already
 * safe markup, e.g. the preview's own policy) first in its head.
 */
export function cleanHtmlDocument(html: string, head = ''): CleanMarkup {
  const parser = new DOMParser()
  let text = html
  for (let pass = 0; pass < 4; pass++) {
    const doc = parser.parseFromString(text, 'text/html')
    cleanTree(doc.documentElement)
    const cleaned = serializeHtml(doc)
    if (cleaned === text) {
      // A fixed point: parsing it again gives this same tree, so the head can go in.
      doc.head.insertAdjacentHTML('afterbegin', head)
      return { ok: true, markup: serializeHtml(doc) }
    }
    text = cleaned
  }
  return { ok: false, reason: 'its markup changes each time it is parsed' }
}

/** `svg` as an SVG document that names no resource, or why it is not one. */
export function cleanSvgDocument(svg: string): CleanMarkup {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  const root = doc.documentElement
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg' || doc.getElementsByTagNameNS('*', 'parsererror').length > 0) {
    return { ok: false, reason: 'it is not well-formed SVG' }
  }
  cleanTree(root)
  return { ok: true, markup: new XMLSerializer().serializeToString(root) }
}

function serializeHtml(doc: Document): string {
  return `${doc.compatMode === 'CSS1Compat' ? '<!doctype html>' : ''}${doc.documentElement.outerHTML}`
}

function cleanTree(root: Element): void {
  for (const node of [...root.childNodes]) {
    if (node.nodeType === Node.ELEMENT_NODE) cleanElement(node as Element)
    else if (node.nodeType !== Node.TEXT_NODE) node.remove()
  }
  cleanAttributes(root)
}

function cleanElement(element: Element): void {
  const kind = elementKind(element)
  if (kind === 'drop') return element.remove()
  if (isStyleElement(element)) {
    element.textContent = cleanStyleSheet(element.textContent ?? '')
    cleanAttributes(element)
    return
  }
  cleanTree(element)
  if (kind === 'unwrap') element.replaceWith(...element.childNodes)
}

function elementKind(element: Element): 'keep' | 'drop' | 'unwrap' {
  const name = element.localName
  if (DROPPED.has(name) || DROPPED.has(name.toLowerCase())) return 'drop'
  if (element.namespaceURI === HTML_NS) return HTML_ELEMENTS.has(name.toLowerCase()) ? 'keep' : 'unwrap'
  if (element.namespaceURI === SVG_NS) return SVG_ELEMENTS.has(name) ? 'keep' : 'unwrap'
  return 'unwrap'
}

function isStyleElement(element: Element): boolean {
  return element.localName.toLowerCase() === 'style' && (element.namespaceURI === HTML_NS || element.namespaceURI === SVG_NS)
}

function cleanAttributes(element: Element): void {
  const name = element.localName
  for (const attribute of [...element.attributes]) {
    const local = attribute.localName.toLowerCase()
    const value = attribute.value.trim()
    if (local === 'href' && name.toLowerCase() === 'a') {
      element.removeAttributeNode(attribute)
      // A link does nothing; its destination stays visible as a tooltip.
      if (element.namespaceURI === HTML_NS && value !== '') element.setAttribute('title', `Link (not followed in a preview): ${value}`)
    } else if (local === 'style') {
      cleanStyleAttribute(element)
    } else if (!attributeIsSafe(name, attribute, local, value)) {
      element.removeAttributeNode(attribute)
    }
  }
}

function attributeIsSafe(element: string, attribute: Attr, local: string, value: string): boolean {
  if (local.startsWith('on')) return false
  // `xml:base` and every XLink attribute but `xlink:href` (checked below like `href`).
  if (attribute.namespaceURI === XLINK_NS && local !== 'href') return false
  if (attribute.prefix === 'xml' && local === 'base') return false
  if (URL_ATTRIBUTES.has(local)) {
    if (local === 'src' && element.toLowerCase() === 'img') return DATA_IMAGE.test(value)
    if (local === 'href' && element === 'image') return DATA_IMAGE.test(value)
    if (local === 'href' && FRAGMENT_HREF.has(element)) return /^#[^\s\\]*$/.test(value)
    return false
  }
  // Presentation attributes are CSS (`fill="url(#clip)"`): a backslash could hide a function's name.
  return !value.includes('\\') && !namesResource(value.replace(RAW_FRAGMENT_URL, ''))
}

function cleanStyleAttribute(element: Element): void {
  const styled = element as Element & ElementCSSInlineStyle
  if (styled.style === undefined) return element.removeAttribute('style')
  cleanDeclarations(styled.style)
  const text = styled.style.cssText
  if (text === '') element.removeAttribute('style')
  else element.setAttribute('style', text)
}
