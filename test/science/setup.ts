/**
 * Builds the Pyodide 0.27.7 distribution for the science tests, once per run,
 * with `npm run vendor -- --from` (the same code path users run). Fails, and
 * says what is missing, when the shared release files are not there: these
 * tests must never skip quietly.
 */
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { vendor } from '../../scripts/vendor/run.mjs'
import { BYTECODE_LIBRARIES, DISTRIBUTION_DIR, DISTRIBUTION_LIBRARIES, RELEASE_LOCK, SHARED_RELEASE_DIR } from './distribution.ts'

const quietReporter = { start() {}, packageStart() {}, bytes() {}, packageDone() {}, finish() {} }

export default async function setup(): Promise<void> {
  await buildTestDistribution()
}

/** Checks `releaseDir` against the official lock and writes the distribution; throws naming what is missing or refused. */
export async function buildTestDistribution(releaseDir = SHARED_RELEASE_DIR): Promise<void> {
  if (!existsSync(releaseDir)) {
    throw new Error(
      `The science tests need the Pyodide 0.27.7 release files in ${releaseDir} (numpy, pandas, matplotlib, scipy, scikit-learn, Pillow wheels and their dependencies), and it is missing.`,
    )
  }
  if (!existsSync(RELEASE_LOCK)) throw new Error(`${RELEASE_LOCK} is missing: run npm install (devDependency pyodide-0.27.7).`)
  // Without the last run's lock, nothing an earlier, wider run vendored is carried over: the lock holds exactly what is asked.
  rmSync(join(DISTRIBUTION_DIR, 'pyodide-lock.json'), { force: true })
  const summary = await vendor({ from: releaseDir, pyodideLock: RELEASE_LOCK, out: DISTRIBUTION_DIR, only: DISTRIBUTION_LIBRARIES, bytecode: BYTECODE_LIBRARIES }, quietReporter)
  const problems = [
    ...summary.refused.map((r) => `refused ${r.file}: ${r.reason}`),
    ...summary.results.filter((r) => r.status === 'failed').map((r) => `${r.key}: ${r.reason ?? 'failed'}`),
    ...(summary.core?.missing ?? []).map((m) => `core: missing ${m}`),
  ]
  if (problems.length > 0) throw new Error(`Could not build the Pyodide 0.27.7 test distribution from ${releaseDir}:\n${problems.join('\n')}`)
}
