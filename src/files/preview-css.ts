/**
 * CSS in a preview, without anything that names a resource.
 *
 * The text is parsed by the browser's own CSS parser (a constructed
 * `CSSStyleSheet`, or an inert element's `style`), so escapes such as
 * `u\72l(…)` are already decoded and every value comes back in canonical
 * form, where a resource can only appear as `url("…")` or one of the image
 * functions. Parsing fetches nothing: `replaceSync` ignores `@import`, and
 * neither sheet is applied to any document.
 *
 * Removed: `@import`, `@font-face` and every at-rule other than the grouping
 * ones; declarations that name a resource (`url()` other than a same-document
 * `#fragment`, `image-set()`, `image()`, `src()`, `cross-fade()`,
 * `element()`); custom properties, `var()` and `attr()`, which could put a
 * URL back together where the checks above cannot see it.
 */

/** Functions whose canonical serialization can name a resource. */
const FETCHING = /\b(?:url|image-set|-webkit-image-set|image|src|cross-fade|-webkit-cross-fade|element|-moz-element)\(|\b(?:var|env|attr)\(/i
/** `url("#id")`: a reference into the same document (a gradient, a clip path), which fetches nothing. */
const FRAGMENT_URL = /\burl\("#(?:[^"\\]|\\.)*"\)/gi

/** Whether a canonical CSS value could make a request. */
export function namesResource(value: string): boolean {
  return FETCHING.test(value.replace(FRAGMENT_URL, ''))
}

/** Removes, from a declaration block, every declaration that could make a request. */
export function cleanDeclarations(style: CSSStyleDeclaration): void {
  for (let i = style.length - 1; i >= 0; i--) {
    const property = style.item(i)
    if (property.startsWith('--') || namesResource(style.getPropertyValue(property))) style.removeProperty(property)
  }
}

/**
 * A style sheet's text, without imports, fonts or resource references, and
 * with `<` escaped, so that the text cannot end the `<style>` element it is
 * serialized in.
 */
export function cleanStyleSheet(text: string): string {
  const sheet = new CSSStyleSheet()
  try {
    sheet.replaceSync(text)
  } catch {
    return ''
  }
  cleanRules(sheet)
  return [...sheet.cssRules].map((rule) => rule.cssText.replace(/</g, '\\3c ')).join('\n')
}

interface RuleContainer {
  cssRules: CSSRuleList
  deleteRule(index: number): void
}

function cleanRules(container: RuleContainer): void {
  for (let i = container.cssRules.length - 1; i >= 0; i--) {
    const rule = container.cssRules[i]!
    if (rule instanceof CSSStyleRule || rule instanceof CSSKeyframeRule || rule instanceof CSSPageRule) {
      cleanDeclarations(rule.style)
      // A style rule holds nested rules where CSS nesting is supported.
      if ('cssRules' in rule && 'deleteRule' in rule) cleanRules(rule as unknown as RuleContainer)
    } else if (typeof CSSNestedDeclarations !== 'undefined' && rule instanceof CSSNestedDeclarations) {
      cleanDeclarations(rule.style)
    } else if (rule instanceof CSSKeyframesRule) {
      for (let k = rule.cssRules.length - 1; k >= 0; k--) cleanDeclarations((rule.cssRules[k] as CSSKeyframeRule).style)
    } else if (rule instanceof CSSGroupingRule) {
      cleanRules(rule)
    } else if (!(typeof CSSLayerStatementRule !== 'undefined' && rule instanceof CSSLayerStatementRule)) {
      container.deleteRule(i)
    }
  }
}
