import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { server } from 'vitest/browser'
import { PythonSandbox, type RunResult } from '../../../src/index.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ outputLimitBytes: 4096 })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

describe('running Python in the worker', () => {
  test('the runtime says runs can be interrupted exactly where the page can share a SharedArrayBuffer', async () => {
    // Debian's WebKit 2.50 reports the page isolated and has no SharedArrayBuffer (Safari has one there): in it, as
    // without isolation, the deadline replaces the worker. Chromium and Firefox share the buffer on every isolated page.
    const canShare = inject('crossOriginIsolated') && typeof SharedArrayBuffer === 'function'
    expect((await sandbox.ready()).interruptible).toBe(canShare)
    expect(canShare).toBe(server.browser === 'webkit' ? false : inject('crossOriginIsolated'))
  })

  test('reports what the code prints, and the last expression for consoles', async () => {
    const result = await sandbox.run('print("hello")\nfor i in range(3):\n    print(i)\n6 * 7')
    expect(result).toMatchObject({
      outcome: 'OUTCOME_OK',
      output: 'hello\n0\n1\n2\n',
      stdout: 'hello\n0\n1\n2\n',
      stderr: '',
      images: [],
      truncated: false,
      displayValue: '42',
    })
    expect(result.error).toBeUndefined()
  })

  test('keeps stderr apart from the output the model sees', async () => {
    const result = await sandbox.run('import sys\nprint("out")\nprint("err", file=sys.stderr)')
    expect(result.output).toBe('out\n')
    expect(result.stderr).toBe('err\n')
  })

  test('an exception fails the run with a traceback of main.py only', async () => {
    const result = await sandbox.run('def ratio(a, b):\n    return a / b\n\nprint("before")\nratio(1, 0)')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error).toMatchObject({ type: 'ZeroDivisionError', message: 'division by zero' })
    expect(result.output).toBe(
      'before\n' +
        'Traceback (most recent call last):\n' +
        '  File "main.py", line 5, in <module>\n' +
        '    ratio(1, 0)\n' +
        '    ~~~~~^^^^^^\n' +
        '  File "main.py", line 2, in ratio\n' +
        '    return a / b\n' +
        '           ~~^~~\n' +
        'ZeroDivisionError: division by zero\n',
    )
  })

  test('a syntax error is reported as python main.py would', async () => {
    const result = await sandbox.run('print("never")\nx = (')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('SyntaxError')
    expect(result.output).toBe('  File "main.py", line 2\n    x = (\n        ^\nSyntaxError: \'(\' was never closed\n')
  })

  test('globals persist from one run to the next, like a notebook', async () => {
    await sandbox.run('counter = 41\ndef bump():\n    global counter\n    counter += 1')
    const result = await sandbox.run('bump()\nprint(counter)')
    expect(result.output).toBe('42\n')
  })

  test('input() fails at once with EOFError saying stdin is not available', async () => {
    const result = await sandbox.run('name = input("Your name? ")')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('EOFError')
    expect(result.error?.message).toMatch(/^stdin is not available/)
    expect(result.output).toMatch(/^Your name\? \nTraceback/)
  })

  test('sys.exit() ends the run, not the interpreter', async () => {
    const exited = await sandbox.run('import sys\nprint("bye")\nsys.exit(3)')
    expect(exited.outcome).toBe('OUTCOME_FAILED')
    expect(exited.error?.type).toBe('SystemExit')
    expect((await sandbox.run('print("still here")')).output).toBe('still here\n')
  })

  test('output past the limit is cut, flagged and noted with how much was dropped', async () => {
    const result = await sandbox.run('for i in range(10_000):\n    print("x" * 99)')
    expect(result.outcome).toBe('OUTCOME_OK')
    expect(result.truncated).toBe(true)
    expect(result.stdout).toHaveLength(4096)
    expect(result.output).toContain('[output truncated: 995,904 more bytes were printed than the limit keeps]')
  })

  test('output streams to the page while the code is still running', async () => {
    const chunks: string[] = []
    let resultSeen = false
    let streamedBeforeEnd = false
    const run = sandbox.run('import time\nprint("first", flush=True)\ntime.sleep(0.3)\nprint("second")', {
      onOutput: (chunk) => {
        chunks.push(chunk.text)
        if (!resultSeen) streamedBeforeEnd = true
      },
    })
    const result: RunResult = await run
    resultSeen = true
    expect(streamedBeforeEnd).toBe(true)
    expect(chunks.join('')).toBe('first\nsecond\n')
    expect(result.output).toBe('first\nsecond\n')
  })

  test('every run streams all of its output, even when its result arrives first', async () => {
    // The result and the output travel on different ports; quick runs are where the result overtakes.
    for (let i = 0; i < 30; i++) {
      const streamed: string[] = []
      const result = await sandbox.run(`print(${i})`, { onOutput: (chunk) => streamed.push(chunk.text) })
      expect(streamed.join('')).toBe(`${i}\n`)
      expect(result.output).toBe(`${i}\n`)
    }
  })

  test('runs are queued and run one at a time, in order', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => sandbox.run(`import time\ntime.sleep(0.0${6 - n})\norder = globals().get("order", []) + [${n}]\nprint(order)`)),
    )
    expect(results.map((r) => r.output)).toEqual(['[1]\n', '[1, 2]\n', '[1, 2, 3]\n', '[1, 2, 3, 4]\n', '[1, 2, 3, 4, 5]\n'])
  })

  test('reports the versions it runs', async () => {
    const info = await sandbox.ready()
    expect(info.pythonVersion).toMatch(/^3\.14\./)
    expect(info.pyodideVersion).toBe('314.0.7')
  })
})
