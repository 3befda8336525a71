import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderLibrariesTable, TABLE_END, TABLE_START } from '../../../src/packages/docs.ts'
import { LIBRARIES, parseLibraries, SUPPORTED_LIBRARIES, UNAVAILABLE_LIBRARIES } from '../../../src/packages/libraries.ts'
import { canonicalizeName, onlineLock } from '../../../src/packages/lock-core.mjs'
import { importsModule, TEST_FILES_BY_RELEASE } from '../../../src/packages/tested.ts'
import type { Lockfile } from '../../../src/packages/lock-types.ts'
import { pyodideLock, pypiLock, readJson, repoPath } from './helpers.ts'

/** The locks of the releases the tests run libraries on, for the versions in the "tested" column. */
const TESTED_LOCKS: Record<string, Lockfile> = { '314.0.7': onlineLock(pyodideLock, pypiLock), '0.27.7': readJson<Lockfile>('node_modules/pyodide-0.27.7/pyodide-lock.json') }

describe('the supported-library table', () => {
  it('lists the 40 libraries Gemini documents, 39 of them supported', () => {
    expect(LIBRARIES).toHaveLength(40)
    expect(SUPPORTED_LIBRARIES).toHaveLength(39)
    expect(new Set(LIBRARIES.map((l) => l.gemini)).size).toBe(40)
  })

  it('marks only tensorflow unavailable, with a reason', () => {
    expect(UNAVAILABLE_LIBRARIES.map((l) => l.gemini)).toEqual(['tensorflow'])
    expect(UNAVAILABLE_LIBRARIES[0]?.reason).toMatch(/WebAssembly/)
  })

  it('takes 27 libraries from Pyodide and 12 from PyPI', () => {
    expect(LIBRARIES.filter((l) => l.source === 'pyodide')).toHaveLength(27)
    expect(LIBRARIES.filter((l) => l.source === 'pypi')).toHaveLength(12)
  })

  it('names a Pyodide lock entry for every Pyodide library, and the imports that entry provides', () => {
    for (const lib of LIBRARIES.filter((l) => l.source === 'pyodide')) {
      const entry = pyodideLock.packages[lib.package]
      expect(entry, lib.gemini).toBeDefined()
      expect(canonicalizeName(lib.package)).toBe(lib.package)
      for (const name of lib.imports) expect(entry?.imports, `${lib.gemini} imports ${name}`).toContain(name.split('.')[0])
    }
  })

  it('names a pinned PyPI entry for every PyPI library, none of which Pyodide ships', () => {
    for (const lib of LIBRARIES.filter((l) => l.source === 'pypi')) {
      expect(pypiLock.packages[lib.package], lib.gemini).toBeDefined()
      expect(pyodideLock.packages[lib.package], lib.gemini).toBeUndefined()
      expect(pypiLock.packages[lib.package]?.imports).toEqual(lib.imports)
    }
  })

  it('rejects a row without a reason for an unavailable library', () => {
    const bad = { libraries: [{ gemini: 'x', imports: ['x'], package: 'x', source: 'unavailable' }] }
    expect(() => parseLibraries(bad)).toThrow(/row 0 \(x\).*reason/)
  })

  it('rejects a row with an unknown source', () => {
    const bad = { libraries: [{ gemini: 'x', imports: ['x'], package: 'x', source: 'conda' }] }
    expect(() => parseLibraries(bad)).toThrow(/source must be one of/)
  })

  // UPDATE_LIBRARY_TABLE=1 npx vitest run --project unit test/unit/packages/libraries.test.ts rewrites both files from the data.
  it.each(['docs/libraries.md', 'README.md'])('is rendered into %s exactly as the data says', (path) => {
    const doc = readFileSync(repoPath(path), 'utf8')
    expect(doc).toContain(TABLE_START)
    const committed = doc.slice(doc.indexOf(TABLE_START), doc.indexOf(TABLE_END) + TABLE_END.length)
    const rendered = renderLibrariesTable(LIBRARIES, onlineLock(pyodideLock, pypiLock), pypiLock, TESTED_LOCKS)
    if (process.env.UPDATE_LIBRARY_TABLE === '1') writeFileSync(repoPath(path), doc.replace(committed, rendered))
    else expect(committed).toBe(rendered)
  })

  it('claims a library tested on a release only when that release’s test file imports it', () => {
    const sources = Object.fromEntries(Object.entries(TEST_FILES_BY_RELEASE).map(([release, file]) => [release, readFileSync(repoPath(file), 'utf8')]))
    for (const lib of LIBRARIES) {
      for (const release of lib.tested) {
        expect(sources[release], `${lib.gemini}: no test file for Pyodide ${release}`).toBeDefined()
        expect(importsModule(sources[release] ?? '', lib.imports[0] ?? ''), `${lib.gemini} is marked tested on ${release}, but ${TEST_FILES_BY_RELEASE[release]} does not import ${lib.imports[0]}`).toBe(true)
      }
    }
  })

  it('importsModule finds an import at the start of a snippet or a line, and nothing else', () => {
    expect(importsModule("run('import numpy as np')", 'numpy')).toBe(true)
    expect(importsModule("'x = 1\\nfrom scipy.optimize import minimize'", 'scipy')).toBe(true)
    expect(importsModule("'from google.protobuf import struct_pb2'", 'google.protobuf')).toBe(true)
    expect(importsModule("'import numpyx'", 'numpy')).toBe(false)
    expect(importsModule('// numpy is loaded first', 'numpy')).toBe(false)
  })
})
