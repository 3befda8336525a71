import { describe, expect, it } from 'vitest'
import { canonicalizeName, dependencyClosure, onlineLock } from '../../../src/packages/lock-core.mjs'
import { pyodideLock, pypiLock } from './helpers.ts'

const extras = Object.entries(pypiLock.packages)

describe('the committed PyPI lock', () => {
  it('keys every entry by its canonical name', () => {
    for (const [key, extra] of extras) expect(key).toBe(canonicalizeName(extra.name))
  })

  it('pins every wheel to a files.pythonhosted.org URL and a sha256', () => {
    for (const [key, extra] of extras) {
      expect(extra.sha256, key).toMatch(/^[0-9a-f]{64}$/)
      if (extra.sdist === undefined) expect(extra.file_name, key).toMatch(/^https:\/\/files\.pythonhosted\.org\/packages\/.+-none-any\.whl$/)
      else expect(extra.sdist.url, key).toMatch(/^https:\/\/files\.pythonhosted\.org\/packages\/.+\.tar\.gz$/)
    }
  })

  it('builds only PyLaTeX from an sdist, into a relative wheel name the mirror serves', () => {
    const built = extras.filter(([, e]) => e.sdist !== undefined)
    expect(built.map(([key]) => key)).toEqual(['pylatex'])
    expect(built[0]?.[1].file_name).toBe('PyLaTeX-1.4.2-py3-none-any.whl')
  })

  it('resolves every dependency against Pyodide’s lock or itself', () => {
    const lock = onlineLock(pyodideLock, pypiLock)
    for (const [key] of extras) expect(() => dependencyClosure(lock.packages, [key]), key).not.toThrow()
  })

  it('adds nothing Pyodide already ships', () => {
    for (const [key] of extras) expect(pyodideLock.packages[key], key).toBeUndefined()
  })
})
