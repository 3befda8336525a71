import { describe, expect, test } from 'vitest'
import { appPagePolicy } from '../../../scripts/page-policy.ts'
import { sandboxFrameScriptHash } from '../../../scripts/sandbox-frame.ts'
import { canPreview, PREVIEW_POLICY, safeDownloadName } from '../../../src/files/safe-display.ts'

describe('the name a download gets', () => {
  test.each([
    ['report.html', 'report.html'],
    ['out/charts/plot.png', 'plot.png'],
    ['x"><img src=q onerror="alert(1)">.html', 'x___img src=q onerror=_alert(1)__.html'],
    ['..', 'download'],
    ['.bashrc', 'bashrc'],
    ['name\u0000with\nbreaks.txt', 'name_with_breaks.txt'],
    ['C:\\evil\\x.txt', 'C__evil_x.txt'],
    ['', 'download'],
    [`${'a'.repeat(300)}.csv`, `${'a'.repeat(116)}.csv`],
  ])('%j becomes %j', (name, safe) => {
    expect(safeDownloadName(name)).toBe(safe)
  })
})

describe('previews', () => {
  test('are offered for HTML and SVG only, under a policy that allows no script and no request', () => {
    expect(['a.html', 'b.HTM', 'c.svg'].map(canPreview)).toEqual([true, true, true])
    expect(['a.xhtml', 'b.xml', 'c.js', 'd.txt', 'e.png'].map(canPreview)).toEqual([false, false, false, false, false])
    expect(PREVIEW_POLICY).toMatch(/^default-src 'none';/)
    expect(PREVIEW_POLICY).not.toMatch(/script-src|connect-src|unsafe-eval/)
  })
})

describe("the app page's own policy", () => {
  test('runs only its own scripts and the sandbox frame, by hash; never inline script or eval', () => {
    const policy = appPagePolicy({ dev: false })
    const scriptSrc = /script-src ([^;]+)/.exec(policy)![1]!
    expect(scriptSrc.split(' ')).toEqual(["'self'", `'sha256-${sandboxFrameScriptHash()}'`, 'blob:', 'data:', "'wasm-unsafe-eval'"])
    expect(policy).toContain("object-src 'none'")
    expect(policy).not.toContain('ws:')
    expect(appPagePolicy({ dev: true })).toContain('ws:')
  })
})
