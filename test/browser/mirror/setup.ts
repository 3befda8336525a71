/**
 * Vendors real wheels from PyPI for the browser tests, once per test run,
 * with the same code path as `npm run vendor`. Downloads are cached in
 * `.cache/wheels`, so only the first run on a machine touches the network.
 */
import { cp, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { vendor } from '../../../scripts/vendor/run.mjs'
import { BYTECODE_LIBRARIES, CORRUPTED_PACKAGE, TEST_MIRROR_LIBRARIES } from './libraries.ts'

export const MIRROR_DIR = '.cache/test-mirror'
export const CORRUPT_MIRROR_DIR = '.cache/test-mirror-corrupt'

const quietReporter = { start() {}, packageStart() {}, bytes() {}, packageDone() {}, finish() {} }

export default async function setup(): Promise<void> {
  const summary = await vendor({ only: TEST_MIRROR_LIBRARIES, out: MIRROR_DIR, bytecode: BYTECODE_LIBRARIES }, quietReporter)
  if (summary.exitCode !== 0) {
    const failed = summary.results.filter((r) => r.status === 'failed').map((r) => `${r.key}: ${r.reason ?? 'failed'}`)
    throw new Error(`Could not vendor the test libraries from PyPI:\n${failed.join('\n')}`)
  }
  await writeCorruptMirror()
}

/** A copy of the mirror whose lock is intact but whose six wheel has one byte flipped. */
async function writeCorruptMirror(): Promise<void> {
  await cp(MIRROR_DIR, CORRUPT_MIRROR_DIR, { recursive: true, force: true })
  const wheel = (await readdir(CORRUPT_MIRROR_DIR)).find((name) => name.startsWith(`${CORRUPTED_PACKAGE}-`) && name.endsWith('.whl'))
  if (!wheel) throw new Error(`The test mirror has no ${CORRUPTED_PACKAGE} wheel to corrupt`)
  const path = join(CORRUPT_MIRROR_DIR, wheel)
  const bytes = await readFile(path)
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff
  await writeFile(path, bytes)
}
