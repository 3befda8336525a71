/**
 * The table of on-demand imports (test/science/on-demand-cases.ts) on Pyodide
 * 314.0.7 with the PyPI test mirror: the cases whose libraries this machine
 * can get run, the others are skipped with the reason. Chromium has JSPI, so
 * the import hook loads while the code waits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox, type PackageProgress } from '../../../src/index.ts'
import { HOOK_CASES, ON_DEMAND_CASES, testCases } from '../../science/on-demand-cases.ts'
import { SLOW_MIRROR_PATH, TEST_MIRROR_PATH } from '../mirror/libraries.ts'

const RUNTIME = '314.0.7'

describe('on Pyodide 314.0.7, a library imported on demand loads in the same run', () => {
  let sandbox: PythonSandbox
  beforeAll(async () => {
    sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, spare: false })
    expect((await sandbox.ready()).pyodideVersion).toBe(RUNTIME)
  })
  afterAll(() => sandbox.dispose())

  testCases([...ON_DEMAND_CASES, ...HOOK_CASES], RUNTIME, () => sandbox)

  test('a library the lock does not offer still gets the import guard’s answer, from user code and from a library', async () => {
    const direct = await sandbox.run('import importlib\nimportlib.import_module("requests")')
    expect(direct.error?.type).toBe('ModuleNotFoundError')
    expect(direct.error?.message).toMatch(/This sandbox cannot install packages/)
    const probed = await sandbox.run('import importlib.util\nprint(importlib.util.find_spec("requests"), importlib.util.find_spec("toolz") is not None)')
    expect(probed.output).toBe('None True\n')
  })
})

describe('the deadline while the import hook loads', () => {
  test('does not count the load: a run with a 5 s deadline whose import downloads for longer ends well, with progress', async () => {
    // The slow mirror sends wheels in 8 KiB pieces 150 ms apart: mpmath's 568 KB take about 10 s.
    const slow = new PythonSandbox({ packagesURL: SLOW_MIRROR_PATH, spare: false })
    try {
      const progress: PackageProgress[] = []
      slow.on('package', (event) => progress.push(event))
      const result = await slow.run('import importlib\nmp = importlib.import_module("mp" + "math")\nprint(mp.mpf(1) + 1)', { timeoutMs: 5_000 })
      expect(result.error).toBeUndefined()
      expect(result.output).toBe('2.0\n')
      expect(progress.filter((event) => event.name === 'mpmath' && event.state === 'loading').length).toBeGreaterThan(1)
      expect(progress.at(-1)).toMatchObject({ name: 'mpmath', state: 'loaded' })
    } finally {
      slow.dispose()
    }
  })

  test('still stops code that runs past it after the load', async () => {
    const sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, spare: false })
    try {
      const result = await sandbox.run('import importlib\nimportlib.import_module("six")\nprint("loaded")\nwhile True: pass', { timeoutMs: 1_500 })
      expect(result.outcome).toBe('OUTCOME_DEADLINE_EXCEEDED')
      expect(result.output.startsWith('loaded\n')).toBe(true)
    } finally {
      sandbox.dispose()
    }
  })
})
