import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox, type PackageProgress } from '../../../src/index.ts'
import { CORRUPT_MIRROR_PATH, CORRUPTED_PACKAGE, SLOW_MIRROR_PATH, TEST_MIRROR_PATH } from '../mirror/libraries.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH })
  expect((await sandbox.ready()).packageMirror).toBe(true)
})
afterAll(() => sandbox.dispose())

// Each snippet uses the library for real and prints a value only a working import can produce.
const LIBRARIES: [string, string, string][] = [
  ['sympy', 'import sympy\nx = sympy.symbols("x")\nprint(sympy.integrate(x**2, (x, 0, 3)))', '9\n'],
  ['mpmath', 'import mpmath\nmpmath.mp.dps = 30\nprint(mpmath.nstr(mpmath.pi, 20))', '3.1415926535897932385\n'],
  ['tabulate', 'from tabulate import tabulate\nprint(tabulate([[1, 2]], headers=["a", "b"], tablefmt="github"))', '|   a |   b |\n|-----|-----|\n|   1 |   2 |\n'],
  ['openpyxl', 'import openpyxl, io\nwb = openpyxl.Workbook()\nwb.active["A1"] = 42\nbuf = io.BytesIO()\nwb.save(buf)\nprint(openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active["A1"].value)', '42\n'],
  ['python-dateutil', 'from dateutil import parser, relativedelta\nd = parser.parse("2026-01-31")\nprint(d + relativedelta.relativedelta(months=1))', '2026-02-28 00:00:00\n'],
  ['six', 'import six\nprint(six.PY3, six.text_type.__name__)', 'True str\n'],
  ['pyparsing', 'import pyparsing as pp\nprint(pp.Word(pp.nums).parse_string("123 abc")[0])', '123\n'],
  ['attrs', 'import attrs\n@attrs.define\nclass P:\n    x: int\nprint(P(3))', 'P(x=3)\n'],
  ['chess', 'import chess\nb = chess.Board()\nb.push_san("e4")\nprint(b.fen().split()[0])', 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR\n'],
  ['joblib', 'import joblib\nprint(joblib.hash([1, 2, 3])[:8] != "")', 'True\n'],
  ['packaging', 'from packaging.version import Version\nprint(Version("3.14.2") > Version("3.9"))', 'True\n'],
  ['protobuf', 'from google.protobuf import struct_pb2\ns = struct_pb2.Struct()\ns["a"] = 1\nprint(s["a"])', '1.0\n'],
  ['pylatex', 'from pylatex import Document, Section\nd = Document()\nwith d.create(Section("Hi")):\n    d.append("x")\nprint("\\\\section{Hi}" in d.dumps())', 'True\n'],
  ['PyPDF2', 'import PyPDF2, io\nw = PyPDF2.PdfWriter()\nw.add_blank_page(72, 72)\nb = io.BytesIO()\nw.write(b)\nprint(len(PyPDF2.PdfReader(io.BytesIO(b.getvalue())).pages))', '1\n'],
  ['striprtf', 'from striprtf.striprtf import rtf_to_text\nprint(rtf_to_text(r"{\\rtf1 Hello}").strip())', 'Hello\n'],
  ['toolz', 'import toolz\nprint(toolz.frequencies("abca"))', "{'a': 2, 'b': 1, 'c': 1}\n"],
  ['xlrd', 'import xlrd\nprint(xlrd.__version__.count(".") >= 1)', 'True\n'],
]

describe('libraries vendored from PyPI into the mirror', () => {
  test.each(LIBRARIES)('%s imports and works', async (_name, code, expected) => {
    const result = await sandbox.run(code)
    expect(result.error).toBeUndefined()
    expect(result.output).toBe(expected)
  })

  test('import detection loads a package before the run and reports its progress', async () => {
    const fresh = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH })
    const progress: PackageProgress[] = []
    fresh.on('package', (event) => progress.push(event))
    const result = await fresh.run('import tabulate\nprint(tabulate.__name__)')
    expect(result.output).toBe('tabulate\n')
    expect(progress.some((event) => event.name === 'tabulate' && event.state === 'loading')).toBe(true)
    expect(progress.at(-1)).toMatchObject({ name: 'tabulate', state: 'loaded' })
    fresh.dispose()
  })

  test('a slow download reports its bytes as they arrive, not all at the end', async () => {
    const slow = new PythonSandbox({ packagesURL: SLOW_MIRROR_PATH })
    const progress: PackageProgress[] = []
    slow.on('package', (event) => progress.push(event))
    expect((await slow.run('import tabulate\nprint(tabulate.__name__)')).output).toBe('tabulate\n')
    const partial = progress.filter(({ name, loadedBytes = 0, totalBytes = 0 }) => name === 'tabulate' && loadedBytes > 0 && loadedBytes < totalBytes)
    // The wheel comes in 4 KiB pieces, 200 ms apart; the worker reports at most ten times a second.
    expect(partial.length).toBeGreaterThan(1)
    expect(new Set(partial.map((event) => event.loadedBytes)).size).toBe(partial.length)
    slow.dispose()
  })
})

describe('imports the sandbox cannot satisfy', () => {
  test('a module outside the supported set raises ModuleNotFoundError listing what is available', async () => {
    const result = await sandbox.run('import requests')
    expect(result.error?.type).toBe('ModuleNotFoundError')
    expect(result.error?.message).toMatch(/requests/)
    expect(result.error?.message).toMatch(/sympy/)
    expect(result.error?.message).toMatch(/numpy/)
    expect(result.output).not.toContain('micropip')
  })

  test('tensorflow is named as unavailable, with the reason', async () => {
    const result = await sandbox.run('import tensorflow')
    expect(result.error?.type).toBe('ModuleNotFoundError')
    expect(result.error?.message).toMatch(/tensorflow/i)
  })

  test('a package neither mirrored nor reachable online fails fast and names the package and the fix', async () => {
    // numpy is not on PyPI in a form Pyodide 314 loads, and the Pyodide CDN is unreachable from our machines.
    const result = await sandbox.run('import numpy\nprint(numpy.__version__)')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('ImportError')
    expect(result.error?.message).toMatch(/numpy/)
    expect(result.error?.message).toMatch(/npm run vendor/)
    expect((await sandbox.run('print("next")')).output).toBe('next\n')
  })

  test('code cannot install packages itself', async () => {
    const result = await sandbox.run('import pyodide_js\nawait pyodide_js.loadPackage("https://example.invalid/evil-1.0-py3-none-any.whl")')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    const micropip = await sandbox.run('import micropip')
    expect(micropip.error?.type).toBe('ModuleNotFoundError')
  })
})

describe('a corrupted wheel', () => {
  test('is refused with a clear error, and the next runs still work', async () => {
    const corrupt = new PythonSandbox({ packagesURL: CORRUPT_MIRROR_PATH })
    const refused = await corrupt.run(`import ${CORRUPTED_PACKAGE}`)
    expect(refused.outcome).toBe('OUTCOME_FAILED')
    expect(refused.error?.type).toBe('ImportError')
    expect(refused.error?.message).toMatch(/sha256/)
    expect(refused.error?.message).toMatch(new RegExp(CORRUPTED_PACKAGE))
    expect((await corrupt.run('print(1 + 1)')).output).toBe('2\n')
    expect((await corrupt.run('import tabulate\nprint("ok")')).output).toBe('ok\n')
    corrupt.dispose()
  })
})
