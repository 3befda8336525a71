/**
 * Libraries that other libraries import on demand, on Pyodide 0.27.7: each
 * case of the table runs in a sandbox where its library was not loaded yet,
 * and must print what it prints anywhere else. The fast-path cases are read
 * from the code before the run; the hook cases import in ways no reading can
 * see, and load while the code waits (Chromium has JSPI).
 *
 * Printed, never asserted: how long each load took, and whether it came
 * before the code (fast path) or while it ran (hook).
 */
import { afterAll, beforeAll, describe } from 'vitest'
import type { PythonSandbox } from '../../src/index.ts'
import { DISTRIBUTION_PATH } from './distribution.ts'
import { HOOK_CASES, ON_DEMAND_CASES, testCases } from './on-demand-cases.ts'
import { scienceSandbox } from './sandbox.ts'

const RUNTIME = '0.27.7'

/** A sandbox of its own, started before its describe's tests and disposed after them. */
function ownSandbox(): () => PythonSandbox {
  let sandbox: PythonSandbox | undefined
  beforeAll(async () => {
    sandbox = scienceSandbox({ distributionURL: DISTRIBUTION_PATH, spare: false })
    await sandbox.ready()
  })
  afterAll(() => sandbox?.dispose())
  return () => sandbox!
}

describe('on Pyodide 0.27.7, a library another library imports on demand loads in the same run', () => {
  testCases(ON_DEMAND_CASES, RUNTIME, ownSandbox())
})

describe('on Pyodide 0.27.7, the import hook loads what no reading of the code can see, while the code waits', () => {
  testCases(HOOK_CASES, RUNTIME, ownSandbox())
})
