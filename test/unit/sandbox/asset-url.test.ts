import { describe, expect, test } from 'vitest'
import { checkAssetURL, isUnderPrefix } from '../../../src/sandbox/frame/asset-url.ts'

const APP = 'https://app.example'

describe('the canonical form the asset relay accepts', () => {
  test('accepts the files of a Pyodide distribution as they are spelled', () => {
    for (const url of [
      `${APP}/pyodide/pyodide.asm.wasm`,
      `${APP}/packages/numpy-2.4.6-cp314-cp314-pyodide_2025_0_wasm32.whl`,
      'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/python_dateutil-2.9.0.post0-py2.py3-none-any.whl',
      'https://files.pythonhosted.org/packages/d6/d8/15cf/chess-1.10.0-py3-none-any.whl',
      'http://127.0.0.1:5173/pyodide/pyodide.mjs',
    ]) {
      expect(checkAssetURL(url)).toEqual({ ok: true, url })
    }
  })

  const refused: [string, string, RegExp][] = [
    ['an encoded slash', `${APP}/pyodide/..%2fsecret.txt`, /percent-encoding/],
    ['an encoded slash in upper case', `${APP}/pyodide/..%2Fsecret.txt`, /percent-encoding/],
    ['an encoded backslash', `${APP}/pyodide/..%5csecret.txt`, /percent-encoding/],
    ['encoded dots', `${APP}/pyodide/%2e%2e/secret.txt`, /percent-encoding|not in canonical form/],
    ['a double-encoded slash', `${APP}/pyodide/..%252fsecret.txt`, /percent-encoding/],
    ['a double-encoded dot', `${APP}/pyodide/%252e%252e/secret.txt`, /percent-encoding/],
    ['an encoded NUL', `${APP}/pyodide/pyodide.mjs%00.txt`, /percent-encoding/],
    ['a backslash', `${APP}/pyodide/..\\secret.txt`, /backslash/],
    ['a dot-dot segment', `${APP}/pyodide/../secret.txt`, /dot segment/],
    ['a dot segment', `${APP}/pyodide/./pyodide.mjs`, /dot segment/],
    ['a trailing dot-dot', `${APP}/pyodide/..`, /dot segment/],
    ['a query', `${APP}/pyodide/pyodide.mjs?x=../../secret.txt`, /query/],
    ['an empty query', `${APP}/pyodide/pyodide.mjs?`, /query/],
    ['a fragment', `${APP}/pyodide/pyodide.mjs#../secret.txt`, /fragment/],
    ['credentials', 'https://user:pass@app.example/pyodide/pyodide.mjs', /credentials/],
    ['an empty segment', `${APP}/pyodide//secret.txt`, /empty path segment/],
    ['another scheme', 'file:///etc/passwd', /scheme/],
    ['a data URL', 'data:text/plain,secret', /scheme/],
    ['a blob URL', 'blob:https://app.example/1234', /scheme/],
    ['a relative URL', '/pyodide/pyodide.mjs', /not an absolute URL/],
    ['whitespace', `${APP}/pyodide/pyodide .mjs`, /whitespace/],
    ['a tab', `${APP}/pyodide/\t../secret.txt`, /whitespace/],
    ['a non-ASCII look-alike of a slash', `${APP}/pyodide/..\u2215secret.txt`, /non-ASCII/],
    ['an upper-case host', 'https://APP.example/pyodide/pyodide.mjs', /canonical/],
    ['a default port', 'https://app.example:443/pyodide/pyodide.mjs', /canonical/],
    ['an encoded host', 'https://app%2eexample/pyodide/pyodide.mjs', /canonical|not an absolute/],
    ['a very long URL', `${APP}/pyodide/${'a'.repeat(3000)}`, /too long/],
  ]
  for (const [what, url, reason] of refused) {
    test(`refuses ${what}`, () => {
      const checked = checkAssetURL(url)
      expect(checked.ok).toBe(false)
      expect(checked.ok ? '' : checked.reason).toMatch(reason)
    })
  }
})

describe('a prefix, where an app adds one', () => {
  test('covers only canonical URLs strictly inside it', () => {
    expect(isUnderPrefix(`${APP}/extra/data.csv`, `${APP}/extra/`)).toBe(true)
    expect(isUnderPrefix(`${APP}/extra/`, `${APP}/extra/`)).toBe(false)
    expect(isUnderPrefix(`${APP}/extra-evil/data.csv`, `${APP}/extra`)).toBe(false)
    expect(isUnderPrefix(`${APP}/extra/data.csv`, `${APP}/extra/../`)).toBe(false)
  })
})
