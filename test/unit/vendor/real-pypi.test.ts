// REAL NETWORK: vendors six and tabulate from https://pypi.org. Skipped only
// when PyPI cannot be reached from this machine (the reason is printed).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Lockfile } from '../../../src/packages/lock-types.ts'
import { runVendor } from './run-vendor.ts'
import { sha256 } from './stand-in.ts'

async function pypiUnreachableReason(): Promise<string | undefined> {
  try {
    const response = await fetch('https://pypi.org/simple/six/', { signal: AbortSignal.timeout(10_000) })
    return response.ok ? undefined : `https://pypi.org/simple/six/ answered HTTP ${response.status}`
  } catch (err) {
    return `https://pypi.org cannot be reached (${String((err as Error).cause ?? err)})`
  }
}

const unreachable = await pypiUnreachableReason()
if (unreachable !== undefined) console.warn(`Skipping the real-PyPI vendor test: ${unreachable}`)

const work = mkdtempSync(join(tmpdir(), 'vendor-pypi-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe.skipIf(unreachable !== undefined)('npm run vendor against the real PyPI', () => {
  it('vendors six and tabulate as PyPI’s files, with PyPI’s sha256 in the mirror lock', { timeout: 120_000 }, async () => {
    const out = join(work, 'packages')
    const run = await runVendor(['--only', 'six,tabulate', '--out', out, '--no-cache'])
    expect(run.code).toBe(0)
    const lock = JSON.parse(readFileSync(join(out, 'pyodide-lock.json'), 'utf8')) as Lockfile
    expect(lock.packages.six).toMatchObject({ file_name: 'six-1.17.0-py2.py3-none-any.whl', mirror_source: 'pypi' })
    expect(lock.packages.tabulate).toMatchObject({ file_name: 'tabulate-0.10.0-py3-none-any.whl', sha256: 'f0b0622e567335c8fabaaa659f1b33bcb6ddfe2e496071b743aa113f8774f2d3' })
    for (const key of ['six', 'tabulate'] as const) {
      const entry = lock.packages[key]
      expect(sha256(readFileSync(join(out, entry?.file_name ?? '')))).toBe(entry?.sha256)
    }
    expect(lock.packages.numpy?.file_name).toMatch(/^https:\/\/cdn\.jsdelivr\.net\/pyodide\/v314\.0\.7\/full\/numpy-/)
  })
})
