import { describe, expect, it } from 'vitest'
import { likelyLibraries, type LibrarySignals } from '../../../src/packages/likely-libraries.ts'

const csv = { name: 'input_1.csv', mimeType: 'text/csv' }

describe('likelyLibraries', () => {
  const cases: Array<[string, LibrarySignals, string[]]> = [
    ['nothing known', {}, []],
    ['a CSV attachment', { attachments: [csv] }, ['pandas']],
    ['an XLSX attachment by MIME type', { attachments: [{ name: 'input_1.bin', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }] }, ['pandas']],
    ['a JSON attachment by extension, whatever its type says', { attachments: [{ name: 'data.json', mimeType: 'application/octet-stream' }] }, ['pandas']],
    ['an image attachment', { attachments: [{ name: 'input_1.png', mimeType: 'image/png; charset=binary' }] }, ['PIL']],
    ['a PDF attachment names nothing', { attachments: [{ name: 'input_1.pdf', mimeType: 'application/pdf' }] }, []],
    ['earlier code', { code: ['import numpy as np\nfrom scipy import stats\nimport os'] }, ['numpy', 'scipy']],
    ['streamed JSON arguments, line breaks escaped', { code: ['{"code": "import pandas as pd\\nimport matplotlib.pyplot as plt\\nimport matp'] }, ['matplotlib', 'pandas']],
    ['a half-written import name is not offered', { code: ['{"code": "import sym'] }, []],
    ['library names in prose, any case', { text: ['Use SymPy? No: sympy and Pandas.'] }, ['sympy', 'pandas']],
    ['"analyse this CSV and chart it"', { text: ['analyse this CSV and chart it'] }, ['pandas', 'matplotlib']],
    ['aliases that name the library', { text: ['fit with scikit-learn, then opencv and pillow'] }, ['sklearn', 'cv2', 'PIL']],
    ['a hyphenated word still names its parts', { text: ['a pandas-based summary'] }, ['pandas']],
    ['everyday words that are import names count only in code', { text: ['six attrs for packaging'] }, []],
    ['part of a word is not a name', { text: ['pandasx numpyish re-plotted'] }, []],
    ['imports first, then attachments, then prose, without repeats', { text: ['plot pandas'], attachments: [csv], code: ['import sympy, pandas'] }, ['pandas', 'sympy', 'matplotlib']],
  ]
  it.each(cases)('%s', (_label, signals, expected) => {
    expect(likelyLibraries(signals)).toEqual(expected)
  })

  it('names only what the sandbox offers', () => {
    expect(likelyLibraries({ attachments: [csv], text: ['chart it with sympy'] }, ['matplotlib', 'numpy'])).toEqual(['matplotlib'])
  })

  it('stays linear on a huge message', () => {
    expect(likelyLibraries({ text: ['x'.repeat(5_000_000)], code: ['('.repeat(1_000_000)] })).toEqual([])
  })
})
