import { describe, expect, test } from 'vitest'
import { findImports } from '../../../src/packages/find-imports.ts'

describe('findImports', () => {
  test('finds plain, dotted, aliased and listed imports, by their top-level name', () => {
    expect(findImports('import numpy as np, pandas\nimport matplotlib.pyplot as plt\nimport os.path')).toEqual(['matplotlib', 'numpy', 'os', 'pandas'])
  })

  test('finds from-imports, including parenthesised and continued ones', () => {
    const code = 'from scipy.stats import (\n    norm,\n    t,\n)\nfrom sympy import \\\n    symbols\nfrom PIL import Image'
    expect(findImports(code)).toEqual(['PIL', 'scipy', 'sympy'])
  })

  test('finds imports inside blocks, one-liners and after semicolons', () => {
    const code = 'def f():\n    import sklearn\ntry:\n    import cv2\nexcept ImportError: pass\nif True: import seaborn\nx = 1; import bs4'
    expect(findImports(code)).toEqual(['bs4', 'cv2', 'seaborn', 'sklearn'])
  })

  test('skips relative imports and the names a from-import brings in', () => {
    expect(findImports('from . import numpy\nfrom .. pandas import x\nfrom .scipy import y\nfrom os import sys')).toEqual(['os'])
  })

  test('ignores strings, comments and f-strings that mention imports', () => {
    const code = [
      '# import numpy',
      's = "import pandas"',
      "t = '''\nimport scipy\n'''",
      'u = rb"import sympy\\" import PIL"',
      'v = f"{x!r} import cv2"',
      'w = t"import seaborn"',
      'import json',
    ].join('\n')
    expect(findImports(code)).toEqual(['json'])
  })

  test('does not mistake other uses of from for imports', () => {
    expect(findImports('def g():\n    yield from range(3)\nraise ValueError() from None\nimport math')).toEqual(['math'])
  })

  test('an unterminated string ends at its line, as Python reads it', () => {
    expect(findImports('s = "never closed\nimport numpy')).toEqual(['numpy'])
  })

  test('reads non-ASCII identifiers and survives numbers that look like attributes', () => {
    expect(findImports('données = 1.5e3\nx = 1.real\nimport décor')).toEqual(['décor'])
  })

  test('is linear: a 5000-deep nested literal and a megabyte of code are scanned without recursion', () => {
    expect(findImports(`import numpy\nx = ${'['.repeat(5000)}${']'.repeat(5000)}`)).toEqual(['numpy'])
    expect(findImports(`${'x = [1, 2, "three"]  # filler\n'.repeat(40_000)}import pandas`)).toEqual(['pandas'])
  })

  test('gives nothing for empty, odd or binary text', () => {
    expect(findImports('')).toEqual([])
    expect(findImports('import')).toEqual([])
    expect(findImports('\0\0import\0 os')).toEqual([])
    expect(findImports('console.log("import x"); import y from "z"')).toEqual(['y'])
  })
})
