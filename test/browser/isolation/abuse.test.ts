import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox, type RunResult } from '../../../src/index.ts'

// Abuse from point 5 of the isolation issue: each case must end with a clear
// outcome, the page must keep running its own tasks meanwhile, and the next
// run must work. Pyodide's heap is capped by wasm32 (4 GiB); what is pinned
// here is what Chromium and Pyodide 314 actually do.

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ timeoutMs: 60_000 })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

/** Runs `code` while a main-thread timer ticks; reports whether the page ran its own tasks while the run was still going. */
async function runWatchingThePage(code: string): Promise<{ result: RunResult; pageTicked: boolean }> {
  let pending = true
  let ticksWhilePending = 0
  const timer = setInterval(() => pending && ticksWhilePending++, 20)
  const result = await sandbox.run(code)
  pending = false
  clearInterval(timer)
  return { result, pageTicked: ticksWhilePending > 0 }
}

async function expectNextRunWorks(): Promise<void> {
  const next = await sandbox.run('print(6 * 7)')
  expect(next.output).toBe('42\n')
}

const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

describe('abuse ends with a clear outcome, the page stays responsive, and the next run works', () => {
  test('a 2 GiB bytearray fails at once: wasm32 cannot even index it (OverflowError)', async () => {
    const result = await sandbox.run('data = bytearray(2**31)\nprint(len(data))')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('OverflowError')
    await expectNextRunWorks()
  })

  test('a bytearray just under 2 GiB fails with MemoryError', async () => {
    const result = await sandbox.run('data = bytearray(2**31 - 1)\nprint(len(data))')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('MemoryError')
    await expectNextRunWorks()
  })

  test('a list that grows without end fails with MemoryError', async () => {
    const { result, pageTicked } = await runWatchingThePage('hoard = []\nwhile True:\n    hoard.append(bytearray(64 * 2**20))')
    expect(pageTicked).toBe(true)
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('MemoryError')
    await expectNextRunWorks()
  })

  test('unbounded recursion fails with RecursionError', async () => {
    const result = await sandbox.run('def f():\n    return f()\nf()')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.error?.type).toBe('RecursionError')
    await expectNextRunWorks()
  })

  test('recursion after raising the limit to a million fails, without taking the page down', async () => {
    const { result, pageTicked } = await runWatchingThePage('import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)')
    expect(pageTicked).toBe(true)
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(['RecursionError', 'RuntimeCrash']).toContain(result.error?.type)
    await expectNextRunWorks()
  })

  test('100 MB of prints come back cut at the output limit, with a note', async () => {
    const { result, pageTicked } = await runWatchingThePage('line = "x" * 999\nfor _ in range(100_000):\n    print(line)')
    expect(pageTicked).toBe(true)
    expect(result.outcome).toBe('OUTCOME_OK')
    expect(result.truncated).toBe(true)
    expect(result.stdout.length).toBeLessThanOrEqual(sandbox.options.outputLimitBytes)
    expect(result.output).toMatch(/\[output truncated: [\d,]+ more bytes were printed than the limit keeps\]/)
    await expectNextRunWorks()
  })

  test('five thousand images come back capped, the rest counted as dropped', async () => {
    const code = `import base64\npng = base64.b64decode("${PNG_1X1}")\nfor _ in range(5000):\n    display(png)`
    const { result } = await runWatchingThePage(code)
    expect(result.outcome).toBe('OUTCOME_OK')
    expect(result.images.length).toBe(sandbox.options.images.maxImages)
    expect(result.output).toMatch(/4,?990 images were not returned/)
    await expectNextRunWorks()
  })

  test('five thousand files written to the working directory come back capped, the rest listed as omitted', async () => {
    const { result } = await runWatchingThePage('for i in range(5000):\n    open(f"file_{i}.txt", "w").write("x")')
    expect(result.outcome).toBe('OUTCOME_OK')
    expect(result.files.length).toBeLessThanOrEqual(sandbox.options.outputFiles.maxFiles)
    expect(result.files.length + (result.omittedFiles?.length ?? 0)).toBe(5000)
    await expectNextRunWorks()
  })

  test('a 1 GiB file written to memory fails or is omitted from the result, never returned whole', async () => {
    const code = 'chunk = bytes(2**20)\nwith open("huge.bin", "wb") as f:\n    for _ in range(1024):\n        f.write(chunk)\nprint("written")'
    const { result, pageTicked } = await runWatchingThePage(code)
    expect(pageTicked).toBe(true)
    if (result.outcome === 'OUTCOME_OK') {
      expect(result.files.find((file) => file.name === 'huge.bin')).toBeUndefined()
      expect(result.omittedFiles?.map((file) => file.name)).toContain('huge.bin')
    } else {
      expect(result.error?.type).toMatch(/^(MemoryError|OSError|RuntimeCrash)$/)
    }
    await sandbox.run('import os\nos.path.exists("huge.bin") and os.remove("huge.bin")')
    await expectNextRunWorks()
  })
})
