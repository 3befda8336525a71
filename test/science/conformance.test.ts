/**
 * Gemini's recorded outputs (../shared/gemini-conformance, read at run time):
 * every standard-library case our sandbox can run, on Pyodide 314.0.7. The
 * pandas, numpy, matplotlib, seaborn and sympy cases run on 0.27.7 at the end
 * of stack.test.ts, where those libraries are already loaded.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { PythonSandbox } from '../../src/index.ts'
import { matchRate, type Plan } from './conformance.ts'
import { scienceSandbox } from './sandbox.ts'
import { FLOOR, planFor, runCases, skippedSummary } from './conformance-run.ts'

let sandbox: PythonSandbox
let plan: Plan
beforeAll(async () => {
  // The 314.0.7 core as the Vite plugin serves it, its lock beside it: a distribution in Pyodide's indexURL
  // convention without package files, which these cases do not need. So distributionURL runs on 314 too.
  sandbox = scienceSandbox({ distributionURL: '/pyodide/' })
  expect(await sandbox.ready()).toMatchObject({ pyodideVersion: '314.0.7', packageMirror: true })
  plan = await planFor(sandbox)
})
afterAll(() => sandbox.dispose())

test('Gemini’s standard-library cases match on Pyodide 314.0.7', { timeout: 300_000 }, async () => {
  console.log(skippedSummary(plan))
  const verdicts = await runCases(plan, '314.0.7', sandbox)
  expect(verdicts.length).toBeGreaterThan(40)
  expect(verdicts.filter((v) => v.missingImport !== undefined).map((v) => `${v.id}: ${v.missingImport}`)).toEqual([])
  expect(matchRate(verdicts)).toBeGreaterThanOrEqual(FLOOR['314.0.7'])
})
