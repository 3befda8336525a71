import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { renderHeadersFile } from '../../../scripts/isolation-headers.ts'
import { sandboxFrameHtml, sandboxFramePolicy } from '../../../scripts/sandbox-frame.ts'
import { sandboxPolicySources } from '../../../src/sandbox/frame/policy-sources.ts'
import { isFrameMessage } from '../../../src/sandbox/frame/validate-frame.ts'

const inputs = { origin: 'https://app.example', dev: false }

describe('the sandbox frame page', () => {
  test('allows its inline script by hash, and never unsafe-eval or unsafe-inline', () => {
    const html = sandboxFrameHtml()
    const script = /<script type="module">([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    const hash = createHash('sha256').update(script, 'utf8').digest('base64')
    expect(html).toContain(`'sha256-${hash}'`)
    expect(sandboxFramePolicy()).toContain(`'sha256-${hash}'`)
    expect(sandboxFramePolicy()).not.toMatch(/'unsafe-eval'|'unsafe-inline'/)
    expect(sandboxFramePolicy()).toContain("default-src 'none'")
    expect(sandboxFramePolicy()).toContain("connect-src 'none'")
  })

  test('the generated _headers file carries the frame policy with the same hash', () => {
    expect(renderHeadersFile()).toContain(`/sandbox-frame.html\n  Content-Security-Policy: ${sandboxFramePolicy()}`)
    expect(renderHeadersFile()).toContain('/pyodide/*\n  Access-Control-Allow-Origin: *')
  })
})

describe('what the sandbox worker may load by itself', () => {
  test("in a build: no script source but blob: (its code and Pyodide's come through the main thread)", () => {
    expect(sandboxPolicySources(inputs)).toEqual({ scriptSrc: [] })
  })

  test("under the dev server: Vite's module roots, never the app's origin as a whole", () => {
    const { scriptSrc } = sandboxPolicySources({ ...inputs, dev: true })
    expect(scriptSrc).not.toContain('https://app.example/')
    expect(scriptSrc.every((url) => url.startsWith('https://app.example/') && url.endsWith('/') && url.length > 'https://app.example/'.length)).toBe(true)
  })
})

describe('messages from the frame', () => {
  test('are accepted only in the exact shapes of the frame protocol', () => {
    const checks = { opaqueOrigin: true, evalBlocked: true, connectNarrowed: true }
    expect(isFrameMessage({ type: 'started', crossOriginIsolated: true, checks })).toBe(true)
    expect(isFrameMessage({ type: 'died', reason: 'gone' })).toBe(true)
    expect(isFrameMessage({ type: 'died', reason: 'gone', extra: 1 })).toBe(false)
    expect(isFrameMessage({ type: 'started', crossOriginIsolated: 'yes', checks })).toBe(false)
    expect(isFrameMessage({ type: 'started', crossOriginIsolated: true, checks: { ...checks, evalBlocked: 1 } })).toBe(false)
    expect(isFrameMessage({ type: 'died', reason: 'x'.repeat(2000) })).toBe(false)
    expect(isFrameMessage('died')).toBe(false)
  })
})
