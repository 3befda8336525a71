import { describe, expect, it } from 'vitest'
import { parseHtmlPage, parseJsonPage } from '../../../scripts/vendor/simple-index.mjs'
import { parseWheelName, pythonMinorOf, sameVersion, wheelScore } from '../../../scripts/vendor/tags.mjs'

describe('which wheels Pyodide 314 can load', () => {
  it('prefers a wheel built for exactly cp314 on pyemscripten_2026_0', () => {
    expect(wheelScore('contourpy-1.4.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl', '2026_0')).toBe(3)
  })

  it('accepts stable-ABI wheels for the platform, as Pyodide ships for cryptography', () => {
    expect(wheelScore('cryptography-47.0.0-cp314-abi3-pyemscripten_2026_0_wasm32.whl', '2026_0')).toBe(2)
    expect(wheelScore('x-1.0-cp311-abi3-pyemscripten_2026_0_wasm32.whl', '2026_0')).toBe(2)
  })

  it('judges by the Python of the release in use: Pyodide 0.27.7 runs 3.12 on ABI 2024_0', () => {
    const minor = pythonMinorOf({ python: '3.12.7' })
    expect(minor).toBe(12)
    expect(wheelScore('numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl', '2024_0', minor)).toBe(3)
    expect(wheelScore('numpy-2.4.6-cp314-cp314-pyemscripten_2026_0_wasm32.whl', '2024_0', minor)).toBe(0)
    expect(wheelScore('x-1.0-py313-none-any.whl', '2024_0', minor)).toBe(0)
  })

  it('accepts the pre-PEP 783 pyodide_ spelling of the same ABI', () => {
    expect(wheelScore('x-1.0-cp314-cp314-pyodide_2026_0_wasm32.whl', '2026_0')).toBe(3)
  })

  it('accepts pure-Python wheels, including py2.py3 ones', () => {
    expect(wheelScore('six-1.17.0-py2.py3-none-any.whl', '2026_0')).toBe(1)
    expect(wheelScore('tabulate-0.10.0-py3-none-any.whl', '2026_0')).toBe(1)
  })

  it('rejects other Python versions, other Emscripten ABIs, native platforms and sdists', () => {
    expect(wheelScore('pandas-3.1.1-cp312-cp312-pyemscripten_2024_0_wasm32.whl', '2026_0')).toBe(0)
    expect(wheelScore('statsmodels-0.15.0-cp313-cp313-pyemscripten_2025_0_wasm32.whl', '2026_0')).toBe(0)
    expect(wheelScore('contourpy-1.4.0-cp315-cp315-pyemscripten_2026_5_wasm32.whl', '2026_0')).toBe(0)
    expect(wheelScore('numpy-2.4.6-cp314-cp314-manylinux_2_27_x86_64.whl', '2026_0')).toBe(0)
    expect(wheelScore('x-1.0-py2-none-any.whl', '2026_0')).toBe(0)
    expect(wheelScore('chess-1.11.2.tar.gz', '2026_0')).toBe(0)
  })

  it('splits a wheel name with a build tag into its parts', () => {
    expect(parseWheelName('x-1.0-1-py3-none-any.whl')).toEqual({ distribution: 'x', version: '1.0', python: ['py3'], abi: ['none'], platform: ['any'] })
  })

  it('matches pinned versions against file-name versions', () => {
    expect(sameVersion('2.9.0.post0', '2.9.0.post0')).toBe(true)
    expect(sameVersion('1.0', '1.0.1')).toBe(false)
  })
})

describe('reading a simple index page', () => {
  it('takes URLs and sha256 from the HTML anchors, resolving relative links', () => {
    const html = '<a href="../../files/a/six-1.17.0-py2.py3-none-any.whl#sha256=ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789" data-requires-python="&gt;=3.7">six-1.17.0-py2.py3-none-any.whl</a><br/>'
    expect(parseHtmlPage(html, 'https://pypi.example/simple/six/')).toEqual([
      { filename: 'six-1.17.0-py2.py3-none-any.whl', url: 'https://pypi.example/files/a/six-1.17.0-py2.py3-none-any.whl', sha256: 'abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789' },
    ])
  })

  it('takes URLs and sha256 from a PEP 691 JSON page', () => {
    const json = JSON.stringify({ files: [{ filename: 'x-1.0-py3-none-any.whl', url: '/f/x-1.0-py3-none-any.whl', hashes: { sha256: 'ab' } }] })
    expect(parseJsonPage(json, 'https://pypi.example/simple/x/')).toEqual([{ filename: 'x-1.0-py3-none-any.whl', url: 'https://pypi.example/f/x-1.0-py3-none-any.whl', sha256: 'ab' }])
  })

  it('leaves sha256 undefined when the index publishes none', () => {
    expect(parseHtmlPage('<a href="https://h/x-1.0-py3-none-any.whl">x-1.0-py3-none-any.whl</a>', 'https://h/simple/x/')[0]?.sha256).toBeUndefined()
  })
})
