/**
 * Running the conformance cases in a real sandbox, shared by the two science
 * files: the standard-library cases run on 314.0.7 (conformance.test.ts), the
 * stack's on the 0.27.7 sandbox stack.test.ts has already loaded the libraries into.
 */
import type { PythonSandbox } from '../../src/index.ts'
import { describeDistribution } from '../../src/packages/distribution.ts'
import type { Lockfile } from '../../src/packages/lock-types.ts'
import { matchRate, planCases, judge, type ConformanceCase, type Plan, type Runtime, type Verdict } from './conformance.ts'
import { CONFORMANCE_DIR, CONFORMANCE_PATH, DISTRIBUTION_PATH } from './distribution.ts'

/**
 * Measured when the suite was written: 98/99 on 314.0.7 (the one miss is a docs
 * sample whose output the page re-wrapped), 5/5 on 0.27.7. The floors leave a
 * little room (3 cases on 314, 1 on 0.27); anything below them is a regression.
 */
export const FLOOR: Record<Runtime, number> = { '314.0.7': 0.95, '0.27.7': 0.8 }

/**
 * Reads the cases (at run time, from ../shared) and sorts them onto runtimes:
 * the standard library as the running sandbox names it, and the libraries the
 * 0.27.7 distribution's lock offers.
 */
export async function planFor(sandbox: PythonSandbox): Promise<Plan> {
  const response = await fetch(`${CONFORMANCE_PATH}cases.json`)
  if (!response.ok) throw new Error(`The conformance suite needs ${CONFORMANCE_DIR}/cases.json (Gemini's recorded outputs), and it is missing (HTTP ${response.status}).`)
  const cases = (await response.json()) as ConformanceCase[]
  const names = await sandbox.run('import sys\nprint("\\n".join(sorted(sys.stdlib_module_names)))')
  const lock = (await (await fetch(`${DISTRIBUTION_PATH}pyodide-lock.json`)).json()) as Lockfile
  const url = new URL(DISTRIBUTION_PATH, location.href).href
  const offered = describeDistribution({ indexURL: url, lock, packageBaseURL: url }).libraries.flatMap((library) => library.imports)
  return planCases(cases, new Set(names.output.split('\n')), new Set(offered))
}

/**
 * Google's sandbox ran the slowest of these (sorting benchmarks) in under a
 * second; a loaded two-core test machine takes 10 to 30 times as long. The
 * suite compares what code prints, not how fast, so its runs get this deadline
 * rather than the product's 30 s: a deadline here would also replace the worker,
 * which is not what is being tested.
 */
const CASE_TIMEOUT_MS = 120_000

/** Runs one runtime's cases in order and prints the match rate, every mismatch and the slow cases. */
export async function runCases(plan: Plan, runtime: Runtime, sandbox: PythonSandbox): Promise<Verdict[]> {
  const verdicts: Verdict[] = []
  const slow: string[] = []
  for (const c of plan.runs[runtime]) {
    const result = await sandbox.run(c.code, { timeoutMs: CASE_TIMEOUT_MS })
    if (result.durationMs > 3_000) slow.push(`  slow: ${c.id}: ${(result.durationMs / 1000).toFixed(1)} s`)
    verdicts.push(judge(c, runtime, result))
  }
  const exact = verdicts.filter((v) => v.compared === 'exact')
  console.log(
    [
      `[conformance] ${runtime}: ${verdicts.filter((v) => v.match).length}/${verdicts.length} match (${(matchRate(verdicts) * 100).toFixed(1)}%); ` +
        `compared exactly: ${exact.filter((v) => v.match).length}/${exact.length}, by outcome: ${verdicts.length - exact.length}`,
      `[conformance] ${runtime}: failed for a missing on-demand import: ${verdicts.filter((v) => v.missingImport !== undefined).length}`,
      ...verdicts.filter((v) => !v.match).map((v) => `  mismatch ${v.id} [${v.compared}]: ${v.detail}`),
      ...slow,
    ].join('\n'),
  )
  return verdicts
}

/** Why the cases that cannot run here cannot, counted. */
export function skippedSummary(plan: Plan): string {
  const why = new Map<string, number>()
  for (const s of plan.skipped) why.set(s.why, (why.get(s.why) ?? 0) + 1)
  return [`[conformance] not runnable here: ${plan.skipped.length}`, ...[...why].map(([reason, count]) => `  ${count} ${reason}`)].join('\n')
}
