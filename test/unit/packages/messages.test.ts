import { describe, expect, it } from 'vitest'
import { loadFailureMessage } from '../../../src/packages/messages.ts'

describe('loadFailureMessage', () => {
  it('names the package, the unreachable host and both fixes', () => {
    const text = loadFailureMessage({ kind: 'unreachable', package: 'numpy', version: '2.4.6', url: 'https://cdn.jsdelivr.net/pyodide/v314.0.7/full/numpy.whl', detail: 'Failed to fetch' })
    expect(text).toBe(
      'Cannot load numpy 2.4.6: https://cdn.jsdelivr.net cannot be reached (Failed to fetch) and the package is not in the local mirror. ' +
        'Fix: go online, or run `npm run vendor` on a machine that can reach the source, then serve public/packages.',
    )
  })

  it('gives both hashes when a file does not match the lock', () => {
    const text = loadFailureMessage({ kind: 'integrity', package: 'six', version: '1.17.0', url: 'http://x/six.whl', expectedSha256: 'aa', actualSha256: 'bb' })
    expect(text).toMatch(/^Refused six 1\.17\.0: .*expected aa, got bb.*npm run vendor/)
  })

  it('says when a package exists only in the mirror and was not vendored', () => {
    expect(loadFailureMessage({ kind: 'not-vendored', package: 'pylatex', version: '1.4.2' })).toMatch(/^Cannot load pylatex 1\.4\.2: it is only available from the local mirror/)
  })

  it('reports the idle timeout in seconds', () => {
    expect(loadFailureMessage({ kind: 'timeout', package: 'scipy', url: 'https://cdn.example/scipy.whl', timeoutSeconds: 30 })).toContain('no data from https://cdn.example for 30 s')
  })
})
