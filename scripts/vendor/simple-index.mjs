// A client for PEP 503 / PEP 691 "simple" package indexes (PyPI, devpi,
// Artifactory, a local stand-in server). JSON is asked for first; HTML is
// parsed when that is all the index serves.

import { canonicalizeName } from '../../src/packages/lock-core.mjs'
import { fetchText } from './http.mjs'

const ACCEPT = 'application/vnd.pypi.simple.v1+json, text/html;q=0.1'

/** [{ filename, url, sha256 }] for one project; sha256 is undefined when the index publishes none. */
export async function listProjectFiles(indexUrl, project, { timeoutMs }) {
  const base = indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`
  const pageUrl = `${base}${canonicalizeName(project)}/`
  const { text, contentType, url } = await fetchText(pageUrl, { timeoutMs, headers: { accept: ACCEPT } })
  return contentType.includes('json') ? parseJsonPage(text, url) : parseHtmlPage(text, url)
}

export function parseJsonPage(text, pageUrl) {
  const page = JSON.parse(text)
  return (page.files ?? []).map((file) => ({
    filename: file.filename,
    url: new URL(file.url, pageUrl).href,
    sha256: file.hashes?.sha256,
  }))
}

export function parseHtmlPage(text, pageUrl) {
  const files = []
  for (const match of text.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/gi)) {
    const href = decodeEntities(match[1])
    const url = new URL(href, pageUrl)
    const hash = /(?:^|&)sha256=([0-9a-f]{64})/i.exec(url.hash.slice(1))
    url.hash = ''
    files.push({ filename: decodeEntities(match[2]).trim(), url: url.href, sha256: hash?.[1]?.toLowerCase() })
  }
  return files
}

function decodeEntities(s) {
  return s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
}
