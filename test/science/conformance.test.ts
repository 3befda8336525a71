/**
 * Runs every case of ../shared/gemini-conformance our sandbox can run: the
 * standard-library ones on Pyodide 314.0.7, the pandas, numpy, matplotlib,
 * seaborn and sympy ones on 0.27.7. Prints the match rate and each mismatch,
 * and holds the rate to the floor measured when the suite was written.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox } from '../../src/index.ts'
import { LIBRARIES } from '../../src/packages/libraries.ts'
import { judge, matchRate, planCases, type ConformanceCase, type Plan, type Runtime, type Verdict } from './conformance.ts'
import { CONFORMANCE_DIR, CONFORMANCE_PATH, DISTRIBUTION_PATH } from './distribution.ts'

/**
 * Measured when the suite was written: 98/99 on 314.0.7 (the one miss is a docs
 * sample whose output the page re-wrapped), 5/5 on 0.27.7. The floors leave
 * room for the one timing case (counting sort vs Timsort, ~30 s on a loaded
 * machine) to hit the deadline; anything below them is a regression.
 */
const FLOOR: Record<Runtime, number> = { '314.0.7': 0.95, '0.27.7': 0.8 }

let plan: Plan
const verdicts: Verdict[] = []
const sandboxes = {} as Record<Runtime, PythonSandbox>
/** Cases that took long, for the report: the suite's time goes there. */
const slow: string[] = []

beforeAll(async () => {
  const response = await fetch(`${CONFORMANCE_PATH}cases.json`)
  if (!response.ok) throw new Error(`The conformance suite needs ${CONFORMANCE_DIR}/cases.json (Gemini's recorded outputs), and it is missing (HTTP ${response.status}).`)
  const cases = (await response.json()) as ConformanceCase[]
  // Which names are the standard library, and which libraries 0.27.7 offers, asked of the runtimes themselves (one after the other: two cores).
  sandboxes['314.0.7'] = new PythonSandbox()
  const names = await sandboxes['314.0.7'].run('import sys\nprint("\\n".join(sorted(sys.stdlib_module_names)))')
  sandboxes['0.27.7'] = new PythonSandbox({ distributionURL: DISTRIBUTION_PATH })
  const info = await sandboxes['0.27.7'].ready()
  const offered = info.libraries.flatMap(({ name }) => LIBRARIES.find((library) => library.gemini === name)?.imports ?? [])
  plan = planCases(cases, new Set(names.output.split('\n')), new Set(offered))
})

async function runAll(runtime: Runtime): Promise<Verdict[]> {
  const mine: Verdict[] = []
  for (const c of plan.runs[runtime]) {
    const result = await sandboxes[runtime].run(c.code)
    if (result.durationMs > 3_000) slow.push(`${c.id} on ${runtime}: ${(result.durationMs / 1000).toFixed(1)} s`)
    mine.push(judge(c, runtime, result))
  }
  verdicts.push(...mine)
  return mine
}

function report(runtime: Runtime, mine: Verdict[]): void {
  const exact = mine.filter((v) => v.compared === 'exact')
  const lines = [
    `[conformance] ${runtime}: ${mine.filter((v) => v.match).length}/${mine.length} match (${(matchRate(mine) * 100).toFixed(1)}%); ` +
      `compared exactly: ${exact.filter((v) => v.match).length}/${exact.length}, by outcome: ${mine.length - exact.length}`,
    ...mine.filter((v) => !v.match).map((v) => `  mismatch ${v.id} [${v.compared}]: ${v.detail}`),
  ]
  console.log(lines.join('\n'))
}

describe('Gemini’s recorded outputs', () => {
  test('standard-library cases on Pyodide 314.0.7', { timeout: 300_000 }, async () => {
    const mine = await runAll('314.0.7')
    report('314.0.7', mine)
    expect(mine.length).toBeGreaterThan(40)
    expect(matchRate(mine)).toBeGreaterThanOrEqual(FLOOR['314.0.7'])
  })

  test('pandas, numpy, matplotlib, seaborn and sympy cases on Pyodide 0.27.7', { timeout: 300_000 }, async () => {
    const mine = await runAll('0.27.7')
    report('0.27.7', mine)
    expect(mine.length).toBeGreaterThan(0)
    expect(matchRate(mine)).toBeGreaterThanOrEqual(FLOOR['0.27.7'])
  })
})

afterAll(() => {
  for (const sandbox of Object.values(sandboxes)) sandbox.dispose()
  if (plan === undefined) return
  const why = new Map<string, number>()
  for (const s of plan.skipped) why.set(s.why, (why.get(s.why) ?? 0) + 1)
  console.log(
    [
      `[conformance] overall: ${verdicts.filter((v) => v.match).length}/${verdicts.length} match (${(matchRate(verdicts) * 100).toFixed(1)}%); not runnable here: ${plan.skipped.length}`,
      ...[...why].map(([reason, count]) => `  ${count} ${reason}`),
      ...slow.map((line) => `  slow: ${line}`),
    ].join('\n'),
  )
})
