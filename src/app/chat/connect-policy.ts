/**
 * Whether the page's own policy lets it reach a proxy. The page's
 * `connect-src` is written once, at load, from the proxy stored then
 * (`scripts/page-policy.ts`), and a policy can only be narrowed afterwards:
 * a proxy on a new origin needs a reload to be reachable.
 */

/** The sources of every `connect-src` the page's `<meta>` policies set; none when no policy sets one. */
function connectSourceLists(doc: Document): string[][] {
  return [...doc.querySelectorAll<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy" i]')].flatMap((meta) =>
    meta.content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name?.toLowerCase() === 'connect-src')
      .map(([, ...sources]) => sources),
  )
}

/** True when every `connect-src` of the page names this URL's origin (or the URL is empty: Google's endpoint, always allowed). */
export function pageMayConnectTo(url: string, doc: Document = document): boolean {
  if (url.trim() === '') return true
  let origin: string
  try {
    origin = new URL(url.trim()).origin
  } catch {
    return false
  }
  return connectSourceLists(doc).every((sources) => sources.includes(origin))
}
