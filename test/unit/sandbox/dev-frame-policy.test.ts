import { describe, expect, test } from 'vitest'
import { requestOrigin, sandboxFrameHtml, sandboxFramePolicy } from '../../../scripts/sandbox-frame.ts'

/** The directives of a policy, by name. */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]))
}

describe("the frame page served by the dev server names the app's origin", () => {
  // Firefox reads 'self' in the opaque-origin frame as that opaque origin, so the worker could not import Vite's modules.
  test("beside 'self' for scripts and workers' module imports, and nowhere else", () => {
    const policy = directives(sandboxFramePolicy('HASH', 'http://127.0.0.1:5173'))
    expect(policy['script-src']).toEqual(["'self'", 'http://127.0.0.1:5173', "'sha256-HASH'", 'blob:', 'data:', "'wasm-unsafe-eval'"])
    expect(policy['worker-src']).toEqual(['http://127.0.0.1:5173', 'blob:', 'data:'])
    // The worker's files come through the main thread's asset relay, under the dev server too.
    expect(policy['connect-src']).toEqual(["'none'"])
    expect(policy['default-src']).toEqual(["'none'"])
  })

  test('a build names no origin: it does not know where it will be served, and needs none', () => {
    const policy = directives(sandboxFramePolicy('HASH'))
    expect(policy['script-src']).toEqual(["'self'", "'sha256-HASH'", 'blob:', 'data:', "'wasm-unsafe-eval'"])
    expect(policy['worker-src']).toEqual(['blob:', 'data:'])
    expect(sandboxFrameHtml()).not.toMatch(/http:\/\//)
  })

  test('the page carries the named origin in its <meta> policy', () => {
    expect(sandboxFrameHtml('http://localhost:5173')).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' http:\/\/localhost:5173 /)
  })
})

describe('the origin taken from a request', () => {
  test('is the scheme the server speaks and the Host it was asked by', () => {
    expect(requestOrigin('localhost:5173', false)).toBe('http://localhost:5173')
    expect(requestOrigin('App.Example', true)).toBe('https://app.example')
    expect(requestOrigin('[::1]:4173', false)).toBe('http://[::1]:4173')
  })

  test('is left out when the Host could smuggle other sources or directives into the policy', () => {
    for (const host of [undefined, '', 'a b', 'evil.example; script-src *', "x'unsafe-eval'", 'a.example/path', 'a.example:99999999', '*']) {
      expect(requestOrigin(host, false), String(host)).toBeUndefined()
    }
  })
})
