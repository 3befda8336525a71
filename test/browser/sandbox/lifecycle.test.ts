import { describe, expect, inject, test } from 'vitest'
import { PythonSandbox, type SandboxState } from '../../../src/index.ts'

const isolated = inject('crossOriginIsolated')

describe('the sandbox lifecycle', () => {
  test('interrupts are available exactly when the page is cross-origin isolated', async () => {
    const sandbox = new PythonSandbox()
    expect((await sandbox.ready()).interruptible).toBe(isolated)
    expect(globalThis.crossOriginIsolated).toBe(isolated)
    sandbox.dispose()
  })

  test('reset() gives a fresh interpreter: no globals, no patched builtins', async () => {
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

  test('dispose() rejects the run in progress and the queued runs with SandboxDisposedError', async () => {
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
