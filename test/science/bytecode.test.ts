/**
 * Bytecode bundles on the real scientific stack (Pyodide 0.27.7): pandas and
 * matplotlib come with theirs (`BYTECODE_LIBRARIES`), so importing them
 * compiles none of their modules, while scipy, vendored without one, compiles
 * its own (the control: the spy sees compiling when there is some). A source
 * edited after its bundle was written is compiled again: a bundle changes how
 * fast a module imports, never what it does.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { PythonSandbox } from '../../src/index.ts'
import { DISTRIBUTION_PATH } from './distribution.ts'
import { scienceSandbox } from './sandbox.ts'
import { compiledWhileImporting } from '../browser/packages/compile-spy.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = scienceSandbox({ distributionURL: DISTRIBUTION_PATH, spare: false, preload: false })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

test('pandas and matplotlib import from their bundles, compiling none of their modules; scipy, without one, compiles', async () => {
  const charted = await sandbox.run(compiledWhileImporting('pandas, matplotlib.pyplot'))
  expect(charted.error).toBeUndefined()
  expect(charted.output).toBe('[]\n')

  const control = await sandbox.run(compiledWhileImporting('scipy.stats'))
  expect(control.error).toBeUndefined()
  expect(control.output).toContain("'scipy'")
})

test('a source edited after its bytecode was written is compiled again', async () => {
  const edited = await sandbox.run(`
import importlib.util, os
path = importlib.util.find_spec('dateutil.easter').origin
print(os.path.exists(importlib.util.cache_from_source(path)))
with open(path, 'a') as source:
    source.write('\\nEDITED = "the edited source ran"\\n')
import dateutil.easter
print(dateutil.easter.EDITED)
`)
  expect(edited.error).toBeUndefined()
  expect(edited.output).toBe('True\nthe edited source ran\n')
})
