/**
 * The one spelling of a URL the asset relay accepts.
 *
 * A URL is compared with the allow-list only in its canonical form, and a URL
 * that is not already canonical is refused rather than repaired: a static
 * host may decode `%2F` or `%2E` and resolve dot segments *after* a check
 * made on the encoded text, so `/pyodide/..%2fsecret.txt` passes a prefix
 * test and is served from `/secret.txt`. The sandbox's own files never need
 * percent-encoding, backslashes, dot segments, queries or fragments, so any
 * of them is a sign of an attempt, not of a file to fetch.
 */

export type AssetURLCheck = { ok: true; url: string } | { ok: false; reason: string }

/** Longer than any file name in a Pyodide lock, by far. */
const MAX_URL_LENGTH = 2048

/**
 * Characters a path of the sandbox's files may hold: letters, digits and
 * `- . _ ~ + ! $ & ' ( ) * , ; = : @ /` (RFC 3986 unreserved, sub-delims,
 * `:` and `@`), which `URL` never re-encodes. Everything else, `%` first
 * among them, is refused.
 */
const PATH_CHARACTERS = /^[A-Za-z0-9\-._~+!$&'()*,;=:@/]*$/

/**
 * Returns the URL when it is canonical and safe to compare, or why not.
 * Pure: no request is made.
 *
 * @example
 * checkAssetURL('https://app.example/pyodide/pyodide.asm.wasm') // { ok: true, url: … }
 * checkAssetURL('https://app.example/pyodide/..%2fsecret.txt')  // { ok: false, reason: 'percent-encoding …' }
 */
export function checkAssetURL(raw: string): AssetURLCheck {
  const refuse = (reason: string): AssetURLCheck => ({ ok: false, reason })
  if (raw.length > MAX_URL_LENGTH) return refuse('the URL is too long')
  if (raw.includes('\\')) return refuse('a backslash in the URL')
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\uffff]/.test(raw)) return refuse('whitespace, a control or a non-ASCII character in the URL')
  if (raw.includes('?')) return refuse('a query in the URL')
  if (raw.includes('#')) return refuse('a fragment in the URL')
  // Checked on the text: URL resolves dot segments while parsing, so its pathname never shows them.
  if (/\/\.{1,2}(\/|$)/.test(raw)) return refuse('a dot segment in the path')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('not an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse(`the scheme ${url.protocol} is not fetched`)
  if (url.username !== '' || url.password !== '') return refuse('credentials in the URL')
  if (!PATH_CHARACTERS.test(url.pathname)) {
    return refuse('percent-encoding or a character no sandbox file has in the path (encoded separators and dots are refused)')
  }
  const segments = url.pathname.split('/').slice(1)
  if (segments.slice(0, -1).some((segment) => segment === '')) return refuse('an empty path segment (//)')
  // Anything URL would rewrite (dot segments it resolves, a host's case, a default port) was not canonical.
  if (url.href !== raw) return refuse('the URL is not in canonical form')
  return { ok: true, url: url.href }
}

/**
 * True when `url` (canonical, from `checkAssetURL`) lies under `prefix`, a
 * folder URL ending in `/`. Used only for the prefixes an app adds itself.
 */
export function isUnderPrefix(url: string, prefix: string): boolean {
  const folder = checkAssetURL(prefix)
  return folder.ok && folder.url.endsWith('/') && url.startsWith(folder.url) && url.length > folder.url.length
}
