import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { PythonSandbox } from '../../../src/index.ts'

// The limit is applied in the worker; this checks that the option reaches it. Once is enough.
const isolated = inject('crossOriginIsolated')

let sandbox: PythonSandbox
beforeAll(async () => {
  if (!isolated) return
  sandbox = new PythonSandbox({ maxSourceBytes: 100 })
  await sandbox.ready()
})
afterAll(() => sandbox?.dispose())

describe.skipIf(!isolated)('maxSourceBytes (checked once, in the cross-origin isolated browser project)', () => {
  test('code over the configured size is refused unrun, code within it runs', async () => {
    const refused = await sandbox.run(`x = 1\n${'#'.repeat(100)}`)
    expect(refused.outcome).toBe('OUTCOME_FAILED')
    expect(refused.error?.type).toBe('SourceTooLarge')
    expect(refused.output).toMatch(/^SourceTooLarge: The code is 106 bytes long, over this sandbox's limit of 100 bytes per run, so none of it ran\./)
    expect((await sandbox.run('print(globals().get("x", "never set"))')).output).toBe('never set\n')
  })
})
