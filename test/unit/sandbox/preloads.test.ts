// The order of preload steps (src/sandbox/preloads.ts): every hinted
// library's load before any import, hints that arrive later slotted in the
// same way, and what stops the rest.

import { describe, expect, test } from 'vitest'
import type { PreloadOutcome, PreloadPhase } from '../../../src/protocol.ts'
import { Preloads } from '../../../src/sandbox/preloads.ts'

function recorder(answer: (name: string, phase: PreloadPhase) => PreloadOutcome = () => ({ state: 'loaded' })) {
  const steps: string[] = []
  let onStep = () => {}
  const preloads = new Preloads({
    idle: () => Promise.resolve(),
    step: async (name, phase) => {
      steps.push(`${phase} ${name}`)
      onStep()
      return answer(name, phase)
    },
    disposed: () => false,
  })
  /** Resolves once `count` steps were taken. */
  const after = (count: number) => new Promise<void>((resolve) => (onStep = () => steps.length >= count && resolve()))
  return { preloads, steps, after }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('Preloads', () => {
  test('loads every hinted library before importing any', async () => {
    const { preloads, steps } = recorder()
    preloads.add(['pandas', 'matplotlib'])
    await settle()
    expect(steps).toEqual(['load pandas', 'load matplotlib', 'import pandas', 'import matplotlib'])
  })

  test('a library hinted while the others load is loaded before their imports', async () => {
    const { preloads, steps, after } = recorder()
    const firstStep = after(1)
    preloads.add(['pandas'])
    await firstStep
    preloads.add(['matplotlib', 'pandas'])
    await settle()
    expect(steps).toEqual(['load pandas', 'load matplotlib', 'import pandas', 'import matplotlib'])
  })

  test('stops at the memory budget, takes later hints in both steps, and a takeover replays every hint', async () => {
    const { preloads, steps } = recorder((name) => (name === 'sympy' ? { state: 'over-budget', heapBytes: 1 } : { state: 'loaded' }))
    preloads.add(['sympy', 'pandas'])
    await settle()
    expect(steps).toEqual(['load sympy'])
    preloads.add(['toolz'])
    await settle()
    expect(steps).toEqual(['load sympy', 'load toolz', 'import toolz'])
    preloads.replay()
    await settle()
    expect(steps.slice(3)).toEqual(['load sympy'])
  })

  test('an aborted hint is dropped from both steps', async () => {
    const { preloads, steps, after } = recorder()
    const controller = new AbortController()
    const firstStep = after(1)
    preloads.add(['pandas'])
    preloads.add(['sympy'], controller.signal)
    await firstStep
    controller.abort()
    await settle()
    expect(steps).toEqual(['load pandas', 'import pandas'])
  })
})
