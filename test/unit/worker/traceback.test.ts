import { describe, expect, test } from 'vitest'
import { cleanTraceback } from '../../../worker/traceback.ts'

// Tracebacks as Pyodide 314 formats them before cleaning.
const RUNTIME_FRAMES = `  File "/lib/python314.zip/_pyodide/_base.py", line 597, in eval_code_async
    await CodeRunner(
    ...<9 lines>...
    .run_async(globals, locals)
  File "/lib/python314.zip/_pyodide/_base.py", line 411, in run_async
    coroutine = eval(self.code, globals, locals)
`

describe('cleanTraceback', () => {
  test('drops the runtime frames above the first main.py frame', () => {
    const raw = `Traceback (most recent call last):
  File "<sandbox-runner>", line 62, in run
    value = await eval_code_async(code, namespace, filename=USER_FILE)
${RUNTIME_FRAMES}  File "main.py", line 3, in <module>
    f()
  File "main.py", line 2, in f
    return 1/0
           ~^~
ZeroDivisionError: division by zero
`
    expect(cleanTraceback(raw)).toBe(`Traceback (most recent call last):
  File "main.py", line 3, in <module>
    f()
  File "main.py", line 2, in f
    return 1/0
           ~^~
ZeroDivisionError: division by zero
`)
  })

  test('keeps library frames that main.py called into', () => {
    const raw = `Traceback (most recent call last):
${RUNTIME_FRAMES}  File "main.py", line 2, in <module>
    json.loads("{")
  File "/lib/python314.zip/json/__init__.py", line 352, in loads
    return _default_decoder.decode(s)
json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)
`
    const cleaned = cleanTraceback(raw)
    expect(cleaned).toContain('File "/lib/python314.zip/json/__init__.py"')
    expect(cleaned).not.toContain('_pyodide')
  })

  test('drops sandbox helper frames below main.py', () => {
    const raw = `Traceback (most recent call last):
${RUNTIME_FRAMES}  File "main.py", line 1, in <module>
    input("name? ")
  File "<sandbox-runner>", line 33, in readline
EOFError: stdin is not available
`
    expect(cleanTraceback(raw)).toBe(`Traceback (most recent call last):
  File "main.py", line 1, in <module>
    input("name? ")
EOFError: stdin is not available
`)
  })

  test('prints a syntax error in main.py without a traceback header, as python does', () => {
    const raw = `Traceback (most recent call last):
${RUNTIME_FRAMES}  File "main.py", line 1
    x = (
        ^
SyntaxError: '(' was never closed
`
    expect(cleanTraceback(raw)).toBe(`  File "main.py", line 1
    x = (
        ^
SyntaxError: '(' was never closed
`)
  })

  test('cleans each block of a chained traceback', () => {
    const raw = `Traceback (most recent call last):
${RUNTIME_FRAMES}  File "main.py", line 2, in <module>
    {}["k"]
KeyError: 'k'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
${RUNTIME_FRAMES}  File "main.py", line 4, in <module>
    raise ValueError("missing")
ValueError: missing
`
    const cleaned = cleanTraceback(raw)
    expect(cleaned).not.toContain('_pyodide')
    expect(cleaned).toContain('During handling of the above exception, another exception occurred:')
    expect(cleaned.match(/Traceback \(most recent call last\):/g)).toHaveLength(2)
  })

  test('leaves a traceback without main.py frames as it is', () => {
    const raw = `Traceback (most recent call last):
${RUNTIME_FRAMES}MemoryError
`
    expect(cleanTraceback(raw)).toBe(raw)
  })
})
