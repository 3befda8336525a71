import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { renderHeadersFile } from '../../scripts/isolation-headers.ts'
import { appPagePolicy, connectBootstrap, connectPolicy, pagePolicyHtml } from '../../scripts/page-policy.ts'
import { sandboxFrameScriptHash } from '../../scripts/sandbox-frame.ts'
import { checkBaseUrl } from '../../src/app/chat/settings.ts'

/** As the demo app's vite.config.ts sets it. */
const APP = { dev: false, proxyStorageKey: 'gemini-chat.base-url' }

const directive = (policy: string, name: string) => new RegExp(`(?:^|; )${name} ([^;]+)`).exec(policy)?.[1]?.split(' ')

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** What the bootstrap writes as `connect-src`, with `stored` under the proxy key. */
function bootstrapWrites(stored: string | null): string {
  const appended: { content: string }[] = []
  runInNewContext(connectBootstrap(APP), {
    URL,
    localStorage: { getItem: (key: string) => (key === APP.proxyStorageKey ? stored : null) },
    document: { createElement: () => ({}), head: { append: (meta: { content: string }) => appended.push(meta) } },
  })
  expect(appended).toHaveLength(1)
  return appended[0]!.content
}

describe("the app page's own policy", () => {
  test('connects only to its origin, its own blobs, Gemini and the two package hosts: no https: at large, no localhost ports', () => {
    expect(directive(connectPolicy({ dev: false }), 'connect-src')).toEqual([
      "'self'",
      'blob:',
      'https://generativelanguage.googleapis.com',
      'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/',
      'https://files.pythonhosted.org/packages/',
    ])
    expect(connectPolicy({ dev: true })).toMatch(/ ws: wss:$/)
  })

  test('leaves connect-src to the second policy: no default-src, which would stand for it', () => {
    const policy = appPagePolicy(APP)
    expect(directive(policy, 'default-src')).toBeUndefined()
    expect(directive(policy, 'connect-src')).toBeUndefined()
    for (const name of ['script-src', 'worker-src', 'style-src', 'img-src', 'font-src', 'media-src', 'manifest-src', 'frame-src', 'child-src', 'object-src']) {
      expect(directive(policy, name), name).toBeDefined()
    }
    expect(directive(policy, 'object-src')).toEqual(["'none'"])
  })

  test('runs only its own scripts, the sandbox frame and the bootstrap, by hash; blob: or data: for the sandbox worker’s modules; never eval', () => {
    expect(pagePolicyHtml(APP)).toMatch(new RegExp(`^<meta http-equiv="Content-Security-Policy" content="script-src [^"]+">\\n<script>${escapeRegExp(connectBootstrap(APP))}</script>$`))
    const bootstrapHash = createHash('sha256').update(connectBootstrap(APP)).digest('base64')
    expect(directive(appPagePolicy(APP), 'script-src')).toEqual(["'self'", `'sha256-${sandboxFrameScriptHash()}'`, `'sha256-${bootstrapHash}'`, 'blob:', 'data:', "'wasm-unsafe-eval'"])
    expect(directive(appPagePolicy(APP), 'worker-src')).toEqual(["'self'", 'blob:', 'data:'])
    expect(appPagePolicy({ ...APP, dev: true })).toContain("worker-src 'self' http://localhost:* http://127.0.0.1:* blob: data:")
  })

  test('the bootstrap adds the stored proxy’s origin, and nothing a stored value could bend', () => {
    const base = connectPolicy({ dev: false })
    expect(bootstrapWrites(null)).toBe(base)
    expect(bootstrapWrites('http://127.0.0.1:43123/gemini/v1')).toBe(`${base} http://127.0.0.1:43123`)
    expect(bootstrapWrites('http://localhost:8080')).toBe(`${base} http://localhost:8080`)
    expect(bootstrapWrites('https://proxy.example.com/api')).toBe(`${base} https://proxy.example.com`)
    for (const bent of ['http://proxy.example.com', 'https://a;script-src *', 'https://a;b/', "https://x'unsafe-inline'/", 'https://*.example.com', 'http://[::1]:8080', 'javascript:alert(1)', 'not a url']) {
      expect(bootstrapWrites(bent), bent).toBe(base)
    }
  })

  test('Settings accept exactly the proxies the bootstrap names, so an accepted one is never blocked', () => {
    const base = connectPolicy({ dev: false })
    const accepted = ['https://proxy.example.com/api', 'https://proxy.example.com:8443', 'http://localhost:8080/v1', 'http://127.0.0.1:43123/gemini', 'https://bücher.example/']
    const refused = ['http://proxy.example.com', 'http://[::1]:8080', 'https://[2001:db8::1]/', 'ftp://proxy.example.com', 'not a url']
    for (const url of accepted) {
      expect(checkBaseUrl(url), url).toBeUndefined()
      expect(bootstrapWrites(url), url).not.toBe(base)
    }
    for (const url of refused) {
      expect(checkBaseUrl(url), url).toMatch(/\.$/)
      expect(bootstrapWrites(url), url).toBe(base)
    }
  })

  test('docs/deployment.md shows the policy the build writes', () => {
    const doc = readFileSync('docs/deployment.md', 'utf8')
    const bootstrapHash = /'sha256-[^']+'(?= blob:)/.exec(appPagePolicy(APP))![0]
    const shown = appPagePolicy(APP)
      .replace(`'sha256-${sandboxFrameScriptHash()}'`, "'sha256-<frame script>'")
      .replace(bootstrapHash, "'sha256-<bootstrap>'")
      .split('; ')
      .join(';\n')
    expect(doc).toContain(`\`\`\`\n${shown}\n\`\`\``)
    expect(doc).toContain(`\`\`\`\n${connectPolicy({ dev: false })} <proxy origin>\n\`\`\``)
  })
})

describe('framing', () => {
  test('every file of a build says no page may frame it', () => {
    const headers = renderHeadersFile()
    expect(headers).toMatch(/^\/\*\n(?: {2}.+\n)*? {2}Content-Security-Policy: frame-ancestors 'none'\n/m)
    expect(headers).toMatch(/^\/\*\n(?: {2}.+\n)*? {2}X-Frame-Options: DENY\n/m)
  })

  test('so does the nginx block in docs/deployment.md', () => {
    const nginx = /```nginx\n([\s\S]*?)```/.exec(readFileSync('docs/deployment.md', 'utf8'))![1]!
    const topLevel = nginx.split('location')[0]!
    expect(topLevel).toContain(`add_header Content-Security-Policy "frame-ancestors 'none'" always;`)
    expect(topLevel).toContain('add_header X-Frame-Options DENY always;')
    // nginx drops inherited add_header lines in a location that has its own: each one repeats them.
    for (const location of nginx.split('location').slice(1)) {
      expect(location).toContain('add_header X-Frame-Options DENY always;')
      expect(location).toContain(`add_header Content-Security-Policy "frame-ancestors 'none'" always;`)
    }
  })
})
