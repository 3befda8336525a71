/**
 * Preloading (`PythonSandbox.preload`): libraries hinted for a coming run are
 * loaded and imported while the sandbox is idle, marked as preloads, never
 * change a result, never go before a run, and are loaded again by a worker
 * that takes over. Order is observed through events, never through timings.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { PythonSandbox, type SandboxEvents } from '../../../src/index.ts'
import { TEST_MIRROR_PATH } from '../mirror/libraries.ts'

type Logged =
  | { kind: 'package'; event: SandboxEvents['package'] }
  | { kind: 'state'; state: SandboxEvents['state'] }
  | { kind: 'preload'; step: SandboxEvents['preload'] }

function record(sandbox: PythonSandbox): { log: Logged[]; until(done: (entry: Logged) => boolean): Promise<void>; stop(): void } {
  const log: Logged[] = []
  const waiters: Array<{ done: (entry: Logged) => boolean; resolve: () => void }> = []
  const push = (entry: Logged) => {
    log.push(entry)
    for (const waiter of [...waiters]) if (waiter.done(entry)) (waiters.splice(waiters.indexOf(waiter), 1), waiter.resolve())
  }
  const offs = [
    sandbox.on('package', (event) => push({ kind: 'package', event })),
    sandbox.on('state', (state) => push({ kind: 'state', state })),
    sandbox.on('preload', (step) => push({ kind: 'preload', step })),
  ]
  return {
    log,
    until: (done) => (log.some(done) ? Promise.resolve() : new Promise((resolve) => waiters.push({ done, resolve }))),
    stop: () => offs.forEach((off) => off()),
  }
}

/** The library's last preload step ended: it is loaded and imported. */
const preloaded = (name: string) => (entry: Logged) => entry.kind === 'preload' && entry.step.name === name && entry.step.phase === 'import' && entry.step.outcome.state === 'loaded'

// What a run sees of the libraries, without importing them itself, and of its own namespace.
const PROBE = "print(sorted(m for m in ('sympy', 'dateutil', 'toolz') if m in __import__('sys').modules), sorted(k for k in globals() if not k.startswith('_')))"
const SAME_CODE = "import sympy\nx = sympy.Symbol('x')\nprint(sympy.expand((x + 1) ** 3))\nprint(sorted(k for k in globals() if not k.startswith('_')))"

// Preloads use no interrupt and no shared memory, and a takeover is a terminate either way: they run once, in the
// cross-origin isolated projects.
describe.skipIf(!inject('crossOriginIsolated'))('preloading', () => {
  let sandbox: PythonSandbox
  let off: PythonSandbox
  beforeAll(async () => {
    // Preloading is on by default.
    sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, spare: false })
    off = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, spare: false, preload: false })
    await Promise.all([sandbox.ready(), off.ready()])
  })
  afterAll(() => (sandbox.dispose(), off.dispose()))

  test('loads and imports into sys.modules only, marks its package events, and never changes a result', async () => {
    const events = record(sandbox)
    sandbox.preload(['sympy', 'not_a_library'])
    await events.until(preloaded('sympy'))
    events.stop()
    const marked = events.log.flatMap((entry) => (entry.kind === 'package' ? [entry.event] : []))
    expect(marked.length).toBeGreaterThan(0)
    expect(marked.every((event) => event.preload === true && event.runId === 0)).toBe(true)
    expect(marked.map((event) => event.name)).toContain('mpmath')

    // Queued behind the preload: sympy is imported, and no name reached the user's namespace.
    expect((await sandbox.run(PROBE)).output).toBe("['sympy'] []\n")
    const withPreload = await sandbox.run(SAME_CODE)
    const without = await off.run(SAME_CODE)
    expect(withPreload.error).toBeUndefined()
    expect({ output: without.output, stderr: without.stderr, outcome: without.outcome }).toEqual({
      output: withPreload.output,
      stderr: withPreload.stderr,
      outcome: withPreload.outcome,
    })
    expect(withPreload.output).toBe("x**3 + 3*x**2 + 3*x + 1\n['sympy', 'x']\n")
  })

  test('preload: false ignores the hints', async () => {
    const events = record(off)
    off.preload(['dateutil'])
    // A run queued after the hint: had the hint been acted on, its preload would have been queued first.
    // (sympy and x are the previous test's own import and variable.)
    expect((await off.run(PROBE)).output).toBe("['sympy'] ['sympy', 'x']\n")
    events.stop()
    expect(events.log.filter((entry) => entry.kind === 'package')).toEqual([])
  })

  test('a run submitted during a preload starts before the preload’s remaining libraries', async () => {
    await sandbox.reset() // a clean namespace; the worker that took over loads sympy again first
    const events = record(sandbox)
    await events.until(preloaded('sympy'))
    sandbox.preload(['dateutil', 'toolz'])
    await events.until((entry) => entry.kind === 'package' && entry.event.preload === true && entry.event.name === 'python-dateutil')
    const run = sandbox.run('print(6 * 7)')
    await events.until(preloaded('toolz'))
    expect((await run).output).toBe('42\n')
    events.stop()
    const running = events.log.findIndex((entry) => entry.kind === 'state' && entry.state === 'running')
    const firstToolz = events.log.findIndex((entry) => entry.kind === 'package' && entry.event.name === 'toolz')
    expect(running).toBeGreaterThan(-1)
    expect(running).toBeLessThan(firstToolz)
    // The run's own package events: none, it imports nothing.
    expect(events.log.some((entry) => entry.kind === 'package' && entry.event.preload !== true)).toBe(false)
  })

  test('a worker that takes over loads the same preloads', async () => {
    const events = record(sandbox)
    await sandbox.reset()
    await events.until(preloaded('toolz'))
    events.stop()
    const names = new Set(events.log.flatMap((entry) => (entry.kind === 'package' && entry.event.preload ? [entry.event.name] : [])))
    expect([...names]).toEqual(expect.arrayContaining(['sympy', 'mpmath', 'python-dateutil', 'six', 'toolz']))
    expect((await sandbox.run(PROBE)).output).toBe("['dateutil', 'sympy', 'toolz'] []\n")
  })
})
