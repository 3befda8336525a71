/**
 * The table of on-demand imports (test/science/on-demand-cases.ts) on Pyodide
 * 314.0.7 with the PyPI test mirror: the cases whose libraries this machine
 * can get run, the others are skipped with the reason. Chromium has JSPI, so
 * the import hook loads while the code waits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox, type PackageProgress } from '../../../src/index.ts'
import { CAN_PAUSE_CODE, HOOK_CASES, ON_DEMAND_CASES, testCases } from '../../science/on-demand-cases.ts'
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
    // Asked about an offered library, find_spec loads it where the code can wait; elsewhere it says None, as it would.
    expect(probed.output).toBe(`None ${CAN_PAUSE_CODE ? 'True' : 'False'}\n`)
  })
})

describe('where the code cannot wait for an import', () => {
  // Without JSPI (WebKit) no import can wait; with it, neither can one inside a callback JavaScript calls
  // synchronously, which is how this test reaches that path in every browser.
  const inCallback = (name: string) =>
    'import importlib, js\nfrom pyodide.ffi import create_proxy\n' +
    `load = create_proxy(lambda: importlib.import_module(${JSON.stringify(name)}))\n` +
    'try:\n    js.Reflect.apply(load, None, js.Array.new())\nexcept Exception as error:\n    print(type(error).__name__, str(error).splitlines()[-1])'

  test('the import fails naming the package, and the next run loads it first and has it', async () => {
    const sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, spare: false })
    try {
      const first = await sandbox.run(inCallback('tabulate'))
      expect(first.error).toBeUndefined()
      expect(first.output).toContain("No module named 'tabulate' yet")
      expect(first.output).toContain('It will be loaded before the next run starts: run the code again.')
      const progress: PackageProgress[] = []
      sandbox.on('package', (event) => progress.push(event))
      const again = await sandbox.run('import importlib\nfmt = importlib.import_module("tab" + "ulate")\nprint(fmt.tabulate([["a", 1]], tablefmt="plain"))')
      expect(again.error).toBeUndefined()
      expect(again.output).toBe('a  1\n')
      expect(progress.filter((event) => event.state === 'loaded').map((event) => event.name)).toEqual(['tabulate'])
    } finally {
      sandbox.dispose()
    }
  })
})

describe.skipIf(!CAN_PAUSE_CODE)('the deadline while the import hook loads', () => {
  test('does not count the load: a run with a 3 s deadline whose import downloads for longer ends well, with progress', async () => {
    // The slow mirror sends wheels in 4 KiB pieces 200 ms apart: python-dateutil's 230 KB take about 11 s. Its
    // top-level module is light, so the code's own time stays well inside the deadline even on a starved machine.
    const slow = new PythonSandbox({ packagesURL: SLOW_MIRROR_PATH, spare: false })
    try {
      const progress: PackageProgress[] = []
      slow.on('package', (event) => progress.push(event))
      const result = await slow.run('import importlib\ndateutil = importlib.import_module("date" + "util")\nprint(dateutil.__name__)', { timeoutMs: 3_000 })
      expect(result.error).toBeUndefined()
      expect(result.output).toBe('dateutil\n')
      expect(progress.filter((event) => event.name === 'python-dateutil' && event.state === 'loading').length).toBeGreaterThan(1)
      expect(progress.filter((event) => event.state === 'loaded').map((event) => event.name).sort()).toEqual(['python-dateutil', 'six'])
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
