import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { renderHeadersFile } from '../../../scripts/isolation-headers.ts'
import { sandboxFrameHtml, sandboxFramePolicy } from '../../../scripts/sandbox-frame.ts'
import { sandboxPolicySources } from '../../../src/sandbox/frame/policy-sources.ts'
import { isFrameMessage } from '../../../src/sandbox/frame/validate-frame.ts'

const inputs = {
  origin: 'https://app.example',
  workerURL: 'https://app.example/assets/main-abc.js',
  indexURL: 'https://app.example/pyodide/',
  packagesURL: 'https://app.example/packages/',
  dev: false,
  extraConnectSrc: [],
}

describe('the sandbox frame page', () => {
  test('allows its inline script by hash, and never unsafe-eval or unsafe-inline', () => {
    const html = sandboxFrameHtml()
    const script = /<script type="module">([\s\S]*)<\/script>/.exec(html)?.[1] ?? ''
    const hash = createHash('sha256').update(script, 'utf8').digest('base64')
    expect(html).toContain(`'sha256-${hash}'`)
    expect(sandboxFramePolicy()).toContain(`'sha256-${hash}'`)
    expect(sandboxFramePolicy()).not.toMatch(/'unsafe-eval'|'unsafe-inline'/)
    expect(sandboxFramePolicy()).toContain("default-src 'none'")
  })

  test('the generated _headers file carries the frame policy with the same hash', () => {
    expect(renderHeadersFile()).toContain(`/sandbox-frame.html\n  Content-Security-Policy: ${sandboxFramePolicy()}`)
    expect(renderHeadersFile()).toContain('/pyodide/*\n  Access-Control-Allow-Origin: *')
  })
})

describe('what the sandbox worker may load', () => {
  test('in a build: the worker folder and the Pyodide core for scripts; core, mirror, CDN and PyPI for fetches', () => {
    expect(sandboxPolicySources(inputs)).toEqual({
      scriptSrc: ['https://app.example/assets/', 'https://app.example/pyodide/'],
      connectSrc: [
        'https://app.example/pyodide/',
        'https://app.example/packages/',
        'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/',
        'https://files.pythonhosted.org/packages/',
      ],
    })
  })

  test("never the app's origin as a whole, so its API and any proxy stay out of reach", () => {
    for (const dev of [false, true]) {
      const { connectSrc, scriptSrc } = sandboxPolicySources({ ...inputs, dev })
      expect([...connectSrc, ...scriptSrc]).not.toContain('https://app.example/')
      expect([...connectSrc, ...scriptSrc].every((url) => url.endsWith('/'))).toBe(true)
    }
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
