import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { server } from 'vitest/browser'
import { PythonSandbox } from '../../../src/index.ts'

/** Interrupts need a SharedArrayBuffer on a cross-origin isolated page; without them the deadline replaces the worker. */
const isolated = inject('crossOriginIsolated') && typeof SharedArrayBuffer === 'function'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ interruptGraceMs: 1_000, responseTimeoutMs: 3_000 })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

describe('the deadline', () => {
  // Twenty interrupts, as Pyodide can miss one in a tight loop; without isolation each stop is a takeover by the
  // spare, the same path every time and a start each, so five show that the spare keeps up.
  const attempts = isolated ? 20 : 5
  test(`stops \`while True: pass\` and the next run works, ${attempts} times out of ${attempts}`, async () => {
    const recovered: boolean[] = []
    for (let attempt = 0; attempt < attempts; attempt++) {
      // The deadline counts from when the worker takes the run up, so it must leave room for the print before the
      // loop even on a busy machine: at 200 ms, one full CI run in a dozen stopped the code before it printed.
      const stopped = await sandbox.run(`print("attempt ${attempt}")\nwhile True: pass`, { timeoutMs: 1_000 })
      expect(stopped.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
      expect(stopped.output).toMatch(new RegExp(`^attempt ${attempt}\\nExecution exceeded the time limit of 1 second and was stopped.`))
      const next = await sandbox.run('print(6 * 7)')
      recovered.push(next.output === '42\n')
    }
    expect(recovered).toEqual(Array(attempts).fill(true))
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
    // Room for the print before the loop, on a busy machine too (see the first test).
    const stopped = await sandbox.run(code, { timeoutMs: 1_000 })
    expect(stopped.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect(stopped.stateLost).toBe(true)
    expect(stopped.output).toMatch(/^stubborn\n/)
    expect((await sandbox.run('print("fresh")')).output).toBe('fresh\n')
  })

  test.each([
    ['time.sleep', 'import time\nprint("sleeping")\ntime.sleep(1000)'],
    ['asyncio.sleep', 'import asyncio\nprint("sleeping")\nawait asyncio.sleep(1000)'],
  ])('%s is stopped at the deadline; with isolation the interpreter and its variables are kept', async (_name, code) => {
    await sandbox.run('kept = "yes"')
    // A deadline long enough for the print before the sleep even on a busy machine, where the first code a
    // worker restored from the snapshot runs is slower; the sleep itself is 1000 s.
    const stopped = await sandbox.run(code, { timeoutMs: 1_000 })
    expect(stopped.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect(stopped.stdout).toBe('sleeping\n')
    const after = await sandbox.run('print(globals().get("kept", "gone"))')
    if (isolated) {
      // The interrupt woke the sleep: KeyboardInterrupt in the user's code, nothing replaced.
      expect(stopped.stateLost).toBeUndefined()
      expect(stopped.error?.traceback).toMatch(/KeyboardInterrupt/)
      expect(after.output).toBe('yes\n')
    } else {
      // No SharedArrayBuffer: nothing can wake the sleep, so the worker is replaced.
      expect(stopped.stateLost).toBe(true)
      expect(after.output).toBe('gone\n')
    }
  })

  test('the sleeps still sleep, return their result and refuse what Python refuses', async () => {
    const code =
      'import asyncio, time\nstart = time.monotonic()\ntime.sleep(0.05)\nprint(time.monotonic() - start >= 0.05)\n' +
      'print(await asyncio.sleep(0.01, result="done"))\nfor bad in (-1, "1"):\n    try:\n        time.sleep(bad)\n' +
      '    except (TypeError, ValueError) as error:\n        print(type(error).__name__)'
    // Without isolation Pyodide's own time.sleep stays, and it takes a negative length without complaint.
    expect((await sandbox.run(code)).output).toBe(isolated ? 'True\ndone\nValueError\nTypeError\n' : 'True\ndone\nTypeError\n')
  })

  test('a run that ends just as its deadline comes is reported as finished or as stopped at the deadline, never as a crash', async () => {
    // The race is between the interrupt and the end of the code; without isolation every stop is a kill, so fewer tries.
    // A 1 s deadline leaves room for the print before the loop, on a busy machine too (see the first test).
    for (const seconds of isolated ? [0.95, 0.98, 0.99, 1, 1.01, 1.02, 1.05] : [0.99, 1.01]) {
      const code = `import time\nprint("working")\nend = time.monotonic() + ${seconds}\nwhile time.monotonic() < end: pass`
      const result = await sandbox.run(code, { timeoutMs: 1_000 })
      expect(['OUTCOME_OK', 'OUTCOME_DEADLINE_EXCEEDED']).toContain(result.outcome)
      expect(result.stdout).toBe('working\n')
      expect((await sandbox.run('print("next")')).output).toBe('next\n')
    }
  }, 300_000)

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

// Left behind by a run that returned: JavaScript that never yields, so the worker cannot take up the next run.
// It starts half a second after the run: browsers order the run's own completion and a timer it queued differently
// (Firefox ran a zero-delay timer before the result was posted), and the busy loop must come after the result.
const later = (callback: string) => `import js\nfrom pyodide.ffi import create_proxy\njs.setTimeout(${callback}, 500)`
const LEFT_BEHIND = {
  'a JavaScript timer that busy-loops': `def spin():\n    while True: pass\n${later('create_proxy(spin)')}`,
  'a promise chain that spins': `import js\nfrom pyodide.ffi import create_proxy\ndef again(*_):\n    js.queueMicrotask(step)\nstep = create_proxy(again)\n${later('step')}`,
}
/**
 * Ignores every interrupt: only replacing the worker ends it. A loop that catches KeyboardInterrupt is not enough: the
 * stopper asks again every 20 ms, and an interrupt that lands between the `except` and the next `try` ends it.
 */
const UNSTOPPABLE = `import signal\ndef spin():\n    signal.signal(signal.SIGINT, lambda *_: None)\n    while True: pass\n${later('create_proxy(spin)')}`
const TAKEN_OVER = /\n\[Python was kept busy by code an earlier run left running .* could not be stopped within 3 seconds, so this run went to a fresh interpreter\. The Python process was restarted/

/** Lets what the run left behind start before the next run is asked for (an ordering, not a timing assertion). */
const leftBehindStarts = () => new Promise((resolve) => setTimeout(resolve, 1_500))

describe('a worker left busy by an earlier run', () => {
  test.each(Object.entries(LEFT_BEHIND))('%s: the next run works, on the same interpreter with isolation, else on a fresh one', async (_name, code) => {
    await sandbox.run('kept = 1')
    const leaving = await sandbox.run(`${code}\nprint("left behind")`)
    expect(leaving.output).toBe('left behind\n')
    await leftBehindStarts()
    const next = await sandbox.run('print("next")')
    expect(next.outcome).toBe('OUTCOME_OK')
    expect(next.stdout).toBe('next\n')
    const after = await sandbox.run('print(globals().get("kept", "gone"))')
    if (isolated) {
      expect(next.stateLost).toBeUndefined()
      expect(after.output).toBe('1\n')
    } else {
      // Without shared memory nothing can interrupt the worker: after responseTimeoutMs its replacement runs the code.
      expect(next.output).toMatch(TAKEN_OVER)
      expect(next.stateLost).toBe(true)
      expect(after.output).toBe('gone\n')
    }
  })

  test("an interval whose callback spins each time: the next run works, and its own timers and asyncio with it", async () => {
    await sandbox.run('kept = 1')
    const leaving = await sandbox.run(
      'import js\nfrom pyodide.ffi import create_proxy\ndef spin():\n    while True: pass\nhandle = js.setInterval(create_proxy(spin), 100)\nprint("left behind")',
    )
    expect(leaving.output).toBe('left behind\n')
    await leftBehindStarts()
    // The interval is due again the moment its turn is interrupted: it waits while this run is in progress, and
    // the run's own timer and sleeps fire as always.
    const next = await sandbox.run(
      'import asyncio, js\nfrom pyodide.ffi import create_once_callable\nfired = []\n' +
        'js.setTimeout(create_once_callable(lambda: fired.append("timer")), 10)\n' +
        'await asyncio.sleep(0.2)\nawait asyncio.gather(asyncio.sleep(0.05), asyncio.sleep(0.05))\nprint(fired, "next")',
    )
    expect(next.outcome, next.output).toBe('OUTCOME_OK')
    expect(next.stdout).toBe("['timer'] next\n")
    const after = await sandbox.run('if "handle" in globals():\n    js.clearInterval(handle)\nprint(globals().get("kept", "gone"))')
    expect(after.stdout).toBe(isolated ? '1\n' : 'gone\n')
    expect(next.stateLost === true).toBe(!isolated)
    expect((await sandbox.run('print("alive")')).output).toBe('alive\n')
  })

  test('code left running that ignores every interrupt costs the interpreter, never the next run', async () => {
    await sandbox.run('kept = 1')
    await sandbox.run(UNSTOPPABLE)
    await leftBehindStarts()
    const next = await sandbox.run('print("next")')
    expect(next.outcome).toBe('OUTCOME_OK')
    expect(next.output).toMatch(/^next\n/)
    expect(next.output).toMatch(TAKEN_OVER)
    expect(next.stateLost).toBe(true)
    expect((await sandbox.run('print(globals().get("kept", "gone"))')).output).toBe('gone\n')
  })
})
