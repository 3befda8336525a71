import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { server } from 'vitest/browser'
import { PythonSandbox } from '../../../src/index.ts'

const isolated = inject('crossOriginIsolated')

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ interruptGraceMs: 1_000 })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

describe('the deadline', () => {
  test('stops `while True: pass` and the next run works, 20 times out of 20', async () => {
    const recovered: boolean[] = []
    for (let attempt = 0; attempt < 20; attempt++) {
      const stopped = await sandbox.run(`print("attempt ${attempt}")\nwhile True: pass`, { timeoutMs: 200 })
      expect(stopped.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
      expect(stopped.output).toMatch(new RegExp(`^attempt ${attempt}\\nExecution exceeded the time limit of 0.2 seconds and was stopped.`))
      const next = await sandbox.run('print(6 * 7)')
      recovered.push(next.output === '42\n')
    }
    expect(recovered).toEqual(Array(20).fill(true))
    // Without isolation each stop replaces the worker, so twenty cold starts must fit in the budget.
  }, 600_000)

  test('with isolation the interrupt keeps the interpreter and its globals; without, the worker is replaced', async () => {
    await sandbox.run('kept = "yes"')
    const stopped = await sandbox.run('while True: pass', { timeoutMs: 200 })
    const after = await sandbox.run('print(globals().get("kept", "gone"))')
    if (isolated) {
      expect(stopped.stateLost).toBeUndefined()
      expect(after.output).toBe('yes\n')
    } else {
      expect(stopped.stateLost).toBe(true)
      expect(stopped.output).toContain('variables, imports and files from earlier runs are gone')
      expect(after.output).toBe('gone\n')
    }
  })

  test('code that swallows KeyboardInterrupt is ended by terminating the worker', async () => {
    const code = 'print("stubborn")\nwhile True:\n    try:\n        while True: pass\n    except BaseException:\n        pass'
    const stopped = await sandbox.run(code, { timeoutMs: 200 })
    expect(stopped.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect(stopped.stateLost).toBe(true)
    expect(stopped.output).toMatch(/^stubborn\n/)
    expect((await sandbox.run('print("fresh")')).output).toBe('fresh\n')
  })

  test('a sleeping run (time.sleep) is stopped at its deadline too', async () => {
    const stopped = await sandbox.run('import time\ntime.sleep(60)', { timeoutMs: 200 })
    expect(stopped.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect((await sandbox.run('print(1)')).output).toBe('1\n')
  })

  test('an abort signal stops the run and the next run works', async () => {
    const controller = new AbortController()
    const running = sandbox.run('print("working")\nwhile True: pass', {
      signal: controller.signal,
      onOutput: () => controller.abort(),
    })
    const stopped = await running
    expect(stopped.outcome).toBe('OUTCOME_FAILED')
    expect(stopped.error?.type).toBe('KeyboardInterrupt')
    expect(stopped.stdout).toBe('working\n')
    expect((await sandbox.run('print(2)')).output).toBe('2\n')
  })

  test('a run aborted before it starts does not run', async () => {
    const controller = new AbortController()
    controller.abort()
    const result = await sandbox.run('print("never")', { signal: controller.signal })
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.stdout).toBe('')
  })
})

describe('a worker that dies', () => {
  test('resolves the run as failed with a clear message, and the sandbox respawns', async () => {
    // close() ends the worker as soon as the run returns to its event loop, before any answer is sent.
    const crashed = await sandbox.run('import js\nprint("closing")\njs.close()')
    expect(crashed.outcome).toBe('OUTCOME_FAILED')
    expect(crashed.error?.type).toBe('RuntimeCrash')
    expect(crashed.output).toMatch(/^closing\nThe Python runtime stopped unexpectedly: the worker stopped unexpectedly\. /)
    expect(crashed.stateLost).toBe(true)
    expect((await sandbox.run('print("alive")')).output).toBe('alive\n')
  })

  test('a fatal error in the interpreter is a failed run, and the sandbox respawns', async () => {
    // Reading outside WebAssembly memory traps; Pyodide reports it as fatal and never settles the run itself.
    const crashed = await sandbox.run('import ctypes\nprint("reading")\nctypes.string_at(0xFFFFFFF0, 64)')
    expect(crashed.outcome).toBe('OUTCOME_FAILED')
    expect(crashed.error?.type).toBe('RuntimeCrash')
    // The WebAssembly engine names the trap: V8 (Chromium) and SpiderMonkey (Firefox) word it differently.
    const trap = server.browser === 'firefox' ? 'index out of bounds' : 'memory access out of bounds'
    expect(crashed.error?.message).toMatch(new RegExp(`^The Python runtime stopped unexpectedly: Pyodide suffered a fatal error \\(${trap}\\)`))
    expect(crashed.stdout).toMatch(/^reading\n/)
    expect(crashed.stateLost).toBe(true)
    expect((await sandbox.run('print("alive")')).output).toBe('alive\n')
  })
})
