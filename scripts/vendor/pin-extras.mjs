#!/usr/bin/env node
// Maintainer tool: rewrites src/packages/pypi-lock.json from the pins below,
// taking each file's URL and sha256 from the simple index and its size from
// the download. Run it when bumping a version:
//   node scripts/vendor/pin-extras.mjs [--index-url https://pypi.org/simple/]
//
// `depends` are lock keys (Pyodide's or ours) for the non-optional
// Requires-Dist that apply to CPython 3.14; `imports` are the top-level
// modules the wheel installs.

import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { wheelFromSdist } from './sdist-wheel.mjs'
import { listProjectFiles } from './simple-index.mjs'
import { parseWheelName, sameVersion, wheelScore } from './tags.mjs'

const ABI_VERSION = '2026_0'

const PINS = [
  { key: 'chess', project: 'chess', version: '1.10.0', depends: [], imports: ['chess'], why: '1.11.x publishes only an sdist; 1.10.0 is the newest wheel' },
  { key: 'defusedxml', project: 'defusedxml', version: '0.7.1', depends: [], imports: ['defusedxml'] },
  { key: 'et-xmlfile', project: 'et-xmlfile', version: '2.0.0', depends: [], imports: ['et_xmlfile'] },
  { key: 'fpdf2', project: 'fpdf2', version: '2.8.9', depends: ['defusedxml', 'pillow', 'fonttools'], imports: ['fpdf'] },
  { key: 'openpyxl', project: 'openpyxl', version: '3.1.5', depends: ['et-xmlfile'], imports: ['openpyxl'] },
  { key: 'ordered-set', project: 'ordered-set', version: '4.1.0', depends: [], imports: ['ordered_set'] },
  { key: 'pdfminer-six', project: 'pdfminer.six', version: '20260107', depends: ['charset-normalizer', 'cryptography'], imports: ['pdfminer'] },
  { key: 'pylatex', project: 'PyLaTeX', version: '1.4.2', depends: ['ordered-set'], imports: ['pylatex'], sdist: true, why: 'PyPI has only an sdist; the vendor script repacks it as a wheel' },
  { key: 'pypdf2', project: 'PyPDF2', version: '3.0.1', depends: [], imports: ['PyPDF2'] },
  { key: 'python-docx', project: 'python-docx', version: '1.2.0', depends: ['lxml', 'typing-extensions'], imports: ['docx'] },
  { key: 'python-pptx', project: 'python-pptx', version: '1.0.2', depends: ['pillow', 'xlsxwriter', 'lxml', 'typing-extensions'], imports: ['pptx'] },
  { key: 'reportlab', project: 'reportlab', version: '5.1.0', depends: ['pillow', 'charset-normalizer'], imports: ['reportlab'] },
  { key: 'seaborn', project: 'seaborn', version: '0.13.2', depends: ['numpy', 'pandas', 'matplotlib'], imports: ['seaborn'] },
  { key: 'striprtf', project: 'striprtf', version: '0.0.35', depends: [], imports: ['striprtf'] },
  { key: 'tabulate', project: 'tabulate', version: '0.10.0', depends: [], imports: ['tabulate'] },
  { key: 'xlsxwriter', project: 'XlsxWriter', version: '3.3.1', depends: [], imports: ['xlsxwriter'] },
]

const { values } = parseArgs({ options: { 'index-url': { type: 'string', default: 'https://pypi.org/simple/' } } })

// The simple index, not the JSON API: it is what the vendor script checks
// against, and some proxies rewrite JSON API file URLs to relative paths.
async function download(url, sha256) {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`)
  const bytes = Buffer.from(await response.arrayBuffer())
  const digest = createHash('sha256').update(bytes).digest('hex')
  if (digest !== sha256) throw new Error(`${url}: sha256 ${digest} is not the index's ${sha256}`)
  return bytes
}

const packages = {}
for (const pin of PINS) {
  const files = (await listProjectFiles(values['index-url'], pin.project, { timeoutMs: 60_000 })).filter((f) => {
    const wheel = parseWheelName(f.filename)
    return wheel ? sameVersion(wheel.version, pin.version) : f.filename.endsWith(`-${pin.version}.tar.gz`)
  })
  const base = { name: pin.project, version: pin.version }
  if (pin.sdist) {
    const sdist = files.find((f) => f.filename.endsWith('.tar.gz'))
    if (!sdist?.sha256) throw new Error(`${pin.project} ${pin.version}: no sdist with a sha256 on the index`)
    const bytes = await download(sdist.url, sdist.sha256)
    const wheel = wheelFromSdist(bytes, base)
    packages[pin.key] = {
      ...base,
      file_name: wheel.fileName,
      sha256: createHash('sha256').update(wheel.bytes).digest('hex'),
      size: wheel.bytes.length,
      depends: pin.depends,
      imports: pin.imports,
      sdist: { url: sdist.url, sha256: sdist.sha256, size: bytes.length },
    }
  } else {
    const wheel = files.find((f) => wheelScore(f.filename, ABI_VERSION) === 1)
    if (!wheel?.sha256) throw new Error(`${pin.project} ${pin.version}: no pure-Python wheel with a sha256 on the index`)
    const bytes = await download(wheel.url, wheel.sha256)
    packages[pin.key] = { ...base, file_name: wheel.url, sha256: wheel.sha256, size: bytes.length, depends: pin.depends, imports: pin.imports }
  }
  console.log(`${pin.key} ${pin.version}${pin.why ? `  (${pin.why})` : ''}`)
}

const lock = {
  comment: 'Pure-Python libraries Gemini offers that Pyodide 314.0.7 does not ship, pinned to PyPI files. Generated by scripts/vendor/pin-extras.mjs; do not edit by hand.',
  packages,
}
const target = fileURLToPath(new URL('../../src/packages/pypi-lock.json', import.meta.url))
await writeFile(target, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`wrote ${target}`)
