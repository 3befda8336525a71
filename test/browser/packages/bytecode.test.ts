/**
 * Bytecode bundles on Pyodide 314, in each browser: six and tabulate come
 * with theirs in the test mirror (`BYTECODE_LIBRARIES`), so importing them
 * compiles none of their modules; toolz, vendored without one, compiles its
 * own (the control: the spy sees compiling when there is some). The bundles
 * are fetched, checked, decompressed and written by the worker, through the
 * frame's asset relay.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { PythonSandbox } from '../../../src/index.ts'
import { TEST_MIRROR_PATH } from '../mirror/libraries.ts'
import { compiledWhileImporting } from './compile-spy.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, spare: false, preload: false })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

test('six and tabulate import from their bundles, compiling nothing; toolz, without one, compiles', async () => {
  const bundled = await sandbox.run(compiledWhileImporting('six, tabulate'))
  expect(bundled.error).toBeUndefined()
  expect(bundled.output).toBe('[]\n')

  const control = await sandbox.run(compiledWhileImporting('toolz'))
  expect(control.error).toBeUndefined()
  expect(control.output).toBe("['toolz']\n")
})
