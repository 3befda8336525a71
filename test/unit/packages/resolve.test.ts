import { describe, expect, it } from 'vitest'
import { SUPPORTED_LIBRARIES } from '../../../src/packages/libraries.ts'
import { onlineLock } from '../../../src/packages/lock-core.mjs'
import {
  allowedPackages,
  availableImportNames,
  moduleNotFoundMessage,
  moduleNotFoundTemplate,
  notLoadedTemplate,
  packagesForImports,
  unavailableMessages,
} from '../../../src/packages/resolve.ts'
import { pyodideLock, pypiLock } from './helpers.ts'

const lock = onlineLock(pyodideLock, pypiLock)
const allowed = allowedPackages(lock)

describe('allowedPackages', () => {
  it('contains every supported library', () => {
    for (const lib of SUPPORTED_LIBRARIES) expect(allowed.packages.has(lib.package), lib.gemini).toBe(true)
  })

  it('contains their transitive dependencies', () => {
    for (const dep of ['markupsafe', 'et-xmlfile', 'kiwisolver', 'rpds-py', 'ordered-set', 'cryptography', 'xlsxwriter']) expect(allowed.packages.has(dep), dep).toBe(true)
  })

  it('leaves out the rest of Pyodide’s distribution, micropip included', () => {
    for (const other of ['micropip', 'requests', 'pyodide-http', 'astropy', 'affine']) expect(allowed.packages.has(other), other).toBe(false)
    expect(allowed.packages.size).toBeLessThan(80)
  })

  it('maps import names onto the packages that provide them', () => {
    expect(allowed.importToPackage.get('sklearn')).toBe('scikit-learn')
    expect(allowed.importToPackage.get('PIL')).toBe('pillow')
    expect(allowed.importToPackage.get('docx')).toBe('python-docx')
    expect(allowed.importToPackage.get('markupsafe')).toBe('markupsafe')
  })

  it('throws when the lock lacks a supported library', () => {
    const { tabulate: _removed, ...rest } = lock.packages
    expect(() => allowedPackages({ ...lock, packages: rest })).toThrow('The lock has no entry for tabulate')
  })
})

describe('packagesForImports', () => {
  it('maps dotted and plain imports to sorted, de-duplicated packages', () => {
    const result = packagesForImports(['google.protobuf.struct_pb2', 'sklearn.linear_model', 'sklearn', 'dateutil.parser'], allowed)
    expect(result.packages).toEqual(['protobuf', 'python-dateutil', 'scikit-learn'])
  })

  it('reports names no allowed package provides as unmatched', () => {
    expect(packagesForImports(['os', 'requests', 'tensorflow', 'numpy'], allowed)).toEqual({ packages: ['numpy'], unmatched: ['os', 'requests', 'tensorflow'] })
  })
})

describe('the ModuleNotFoundError message', () => {
  it('names the module and lists the available import names, comma-separated', () => {
    expect(moduleNotFoundMessage('requests')).toBe(
      "No module named 'requests'. This sandbox cannot install packages. Use the Python standard library or one of: " +
        'altair, attrs, chess, contourpy, cv2, dateutil, docx, fpdf, geopandas, google.protobuf, imageio, jinja2, joblib, jsonschema, ' +
        'jsonschema_specifications, lxml, matplotlib, mpmath, numpy, openpyxl, packaging, pandas, pdfminer, PIL, pptx, pylatex, ' +
        'pyparsing, PyPDF2, reportlab, scipy, seaborn, six, sklearn, statsmodels, striprtf, sympy, tabulate, toolz, xlrd.',
    )
  })

  it('stays short enough to put in front of a model', () => {
    expect(moduleNotFoundMessage('some_module').length).toBeLessThan(600)
  })

  it('lists one name per supported library and never tensorflow', () => {
    expect(availableImportNames()).toHaveLength(39)
    expect(availableImportNames()).not.toContain('tensorflow')
  })

  it('leaves a {name} placeholder for the Python guard in both templates', () => {
    expect(moduleNotFoundTemplate()).toContain("No module named '{name}'")
    expect(notLoadedTemplate()).toContain("'import {name}'")
  })

  it('explains why tensorflow is missing instead of only listing alternatives', () => {
    expect(unavailableMessages().tensorflow).toMatch(/^No module named 'tensorflow'\. tensorflow is not available here: No WebAssembly build exists.*Use the Python standard library or one of: altair/)
  })
})
