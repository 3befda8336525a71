import { describe, expect, test } from 'vitest'
import { nextState } from '../../../src/sandbox/state.ts'

describe('nextState', () => {
  test('a sandbox starts, runs and finishes', () => {
    expect(nextState('starting', 'started')).toBe('ready')
    expect(nextState('ready', 'run')).toBe('running')
    expect(nextState('running', 'finished')).toBe('ready')
  })

  test('a killed run restarts the worker, which becomes ready again', () => {
    expect(nextState('running', 'restart')).toBe('restarting')
    expect(nextState('restarting', 'started')).toBe('ready')
  })

  test('every state can be disposed, and disposing twice is harmless', () => {
    for (const state of ['starting', 'ready', 'running', 'restarting', 'disposed'] as const) {
      expect(nextState(state, 'dispose')).toBe('disposed')
    }
  })

  test.each([
    ['starting', 'run'],
    ['running', 'run'],
    ['ready', 'finished'],
    ['disposed', 'started'],
    ['disposed', 'run'],
  ] as const)('a sandbox that is %s cannot %s', (state, transition) => {
    expect(() => nextState(state, transition)).toThrow(`A sandbox that is ${state} cannot ${transition}.`)
  })
})
