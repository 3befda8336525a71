import { describe, expect, inject, test } from 'vitest'
import { server } from 'vitest/browser'
import { PythonSandbox, type SandboxState } from '../../../src/index.ts'

const isolated = inject('crossOriginIsolated')
/**
 * Tests of what neither isolation nor the engine changes (a reset, a dispose, how a worker without a spare is
 * replaced: a terminate and a start either way) run once, in the isolated Chromium project, to keep npm test short.
 * Firefox's own restarts from the memory snapshot are in snapshot.test.ts.
 */
const once = isolated && server.browser === 'chromium'

describe('the sandbox lifecycle', () => {
  test('interrupts are available exactly when the page is cross-origin isolated', async () => {
    const sandbox = new PythonSandbox()
    expect((await sandbox.ready()).interruptible).toBe(isolated)
    expect(globalThis.crossOriginIsolated).toBe(isolated)
    sandbox.dispose()
  })

  test.runIf(once)('reset() gives a fresh interpreter: no globals, no patched builtins', async () => {
    const sandbox = new PythonSandbox()
    await sandbox.run('secret = 1\nimport builtins\nbuiltins.print = lambda *a, **k: None')
    await sandbox.reset()
    const result = await sandbox.run('print("visible")\nprint("secret" in globals())')
    expect(result.output).toBe('visible\nFalse\n')
    sandbox.dispose()
  })

  test('state moves through starting, ready, running and back, and reports each move', async () => {
    const sandbox = new PythonSandbox()
    const seen: SandboxState[] = []
    sandbox.on('state', (state) => seen.push(state))
    expect(sandbox.state).toBe('starting')
    await sandbox.ready()
    await sandbox.run('pass')
    expect(seen).toEqual(['ready', 'running', 'ready'])
    sandbox.dispose()
    expect(sandbox.state).toBe('disposed')
    expect(seen.at(-1)).toBe('disposed')
  })

  test('load events name each stage of the start', async () => {
    const stages: string[] = []
    const sandbox = new PythonSandbox()
    sandbox.on('load', ({ stage }) => stages.push(stage))
    await sandbox.ready()
    expect(stages).toEqual(['loading-pyodide', 'setting-up', 'ready'])
    sandbox.dispose()
  })

  test.runIf(once)('dispose() rejects the run in progress and the queued runs with SandboxDisposedError', async () => {
    const sandbox = new PythonSandbox()
    await sandbox.ready()
    const running = sandbox.run('while True: pass')
    const queued = sandbox.run('print("never")')
    await new Promise((resolve) => setTimeout(resolve, 100))
    sandbox.dispose()
    await expect(running).rejects.toMatchObject({ name: 'SandboxDisposedError' })
    await expect(queued).rejects.toMatchObject({ name: 'SandboxDisposedError' })
    await expect(sandbox.run('1')).rejects.toMatchObject({ name: 'SandboxDisposedError' })
    await expect(sandbox.ready()).rejects.toMatchObject({ name: 'SandboxDisposedError' })
  })

  test('a start that cannot load Pyodide rejects with SandboxStartError instead of hanging', async () => {
    const sandbox = new PythonSandbox({ indexURL: '/no-such-folder/' })
    await expect(sandbox.ready()).rejects.toMatchObject({ name: 'SandboxStartError' })
    await expect(sandbox.run('1')).rejects.toMatchObject({ name: 'SandboxStartError' })
    sandbox.dispose()
  })
})

// Everything a run can leave behind in an interpreter, its files and its worker.
const TAINT = [
  'import builtins, json, os, sys, types, js',
  'secret = 1',
  'open("written.txt", "w").write("x")',
  'builtins.tainted = True',
  'json.dumps = lambda *args, **kwargs: "patched"',
  'js.globalThis.tainted = "yes"',
  'os.environ["TAINT"] = "1"',
  'sys.modules["taint_module"] = types.ModuleType("taint_module")',
].join('\n')
const CHECK = [
  'import builtins, json, os, sys, js',
  'print("secret" in globals(), os.path.exists("written.txt"), hasattr(builtins, "tainted"), json.dumps([1]),',
  '      getattr(js.globalThis, "tainted", None), os.environ.get("TAINT"), "taint_module" in sys.modules, open("input.txt").read())',
].join('\n')
const CLEAN = 'False False False [1] None None False kept\n'
const STUBBORN = 'while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass'

const spareReady = (sandbox: PythonSandbox) => new Promise<void>((resolve) => sandbox.on('spare', () => resolve()))

const REPLACEMENTS: Record<string, (sandbox: PythonSandbox) => Promise<unknown>> = {
  'a kill at the deadline': async (sandbox) => {
    const killed = await sandbox.run(STUBBORN, { timeoutMs: 200 })
    expect(killed.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
    expect(killed.stateLost).toBe(true)
  },
  'reset()': (sandbox) => sandbox.reset(),
  'a worker that dies': async (sandbox) => expect((await sandbox.run('import js\njs.close()')).error?.type).toBe('RuntimeCrash'),
}

describe('the hot spare', () => {
  // One sandbox for all three ways, so the test pays two cold starts, not six.
  test('takes over after a kill, reset() or a death without a cold start, with nothing of the earlier runs but the input files', async () => {
    const sandbox = new PythonSandbox({ interruptGraceMs: 200 })
    await sandbox.putFiles([{ name: 'input.txt', data: 'kept' }])
    const coldStarts: string[] = []
    sandbox.on('load', ({ stage }) => coldStarts.push(stage))
    await sandbox.ready()
    coldStarts.length = 0
    for (const [way, replace] of Object.entries(REPLACEMENTS)) {
      const ready = spareReady(sandbox) // the first after the sandbox idles, then each after the last took over
      expect((await sandbox.run(TAINT)).outcome).toBe('OUTCOME_OK')
      await ready
      await replace(sandbox)
      expect({ way, output: (await sandbox.run(CHECK)).output }).toEqual({ way, output: CLEAN })
      expect({ way, coldStarts }).toEqual({ way, coldStarts: [] }) // the spare had loaded Python already
    }
    sandbox.dispose()
  })

  // These two replace the worker without a spare, which costs a start each time.
  test.runIf(once)('with { spare: false } a standby takes over, starting from the memory snapshot, just as clean', async () => {
    const sandbox = new PythonSandbox({ interruptGraceMs: 200, spare: false, cacheSnapshot: false })
    await sandbox.putFiles([{ name: 'input.txt', data: 'kept' }])
    expect((await sandbox.ready()).fromSnapshot).toBeUndefined() // the first start is cold, and takes the snapshot
    for (const [way, replace] of Object.entries(REPLACEMENTS)) {
      // The first after the sandbox idles, then each after the last took over: a standby, never a spare.
      const next = new Promise<string>((resolve) => {
        const stop = sandbox.on('spare', (kind) => (stop(), resolve(kind)))
      })
      expect((await sandbox.run(TAINT)).outcome).toBe('OUTCOME_OK')
      expect({ way, next: await next }).toEqual({ way, next: 'standby' })
      await replace(sandbox)
      expect({ way, output: (await sandbox.run(CHECK)).output }).toEqual({ way, output: CLEAN })
      expect({ way, fromSnapshot: (await sandbox.ready()).fromSnapshot }).toEqual({ way, fromSnapshot: true })
    }
    sandbox.dispose()
  })

  test.runIf(once)('with { spare: false, snapshot: false } the worker is replaced by a cold start, just as clean', async () => {
    const sandbox = new PythonSandbox({ interruptGraceMs: 200, spare: false, snapshot: false })
    await sandbox.putFiles([{ name: 'input.txt', data: 'kept' }])
    await sandbox.run(TAINT)
    const coldStarts: string[] = []
    sandbox.on('load', ({ stage }) => coldStarts.push(stage))
    await sandbox.run(STUBBORN, { timeoutMs: 200 })
    expect((await sandbox.run(CHECK)).output).toBe(CLEAN)
    expect(coldStarts).toEqual(['loading-pyodide', 'setting-up', 'ready'])
    expect((await sandbox.ready()).fromSnapshot).toBeUndefined()
    sandbox.dispose()
  })
})
