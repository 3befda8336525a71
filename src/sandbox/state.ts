/**
 * The sandbox's life as a state machine: one state at a time, and only the
 * moves listed here. An impossible move is a bug, so it throws.
 */
export type SandboxState = 'starting' | 'ready' | 'running' | 'restarting' | 'disposed'

export type SandboxTransition =
  | 'started' // the runtime finished loading
  | 'run' // a run began
  | 'finished' // the run ended and the runtime is still good
  | 'restart' // the worker is being replaced (deadline, crash, reset)
  | 'dispose'

const MOVES: Record<SandboxState, Partial<Record<SandboxTransition, SandboxState>>> = {
  starting: { started: 'ready', restart: 'restarting', dispose: 'disposed' },
  restarting: { started: 'ready', restart: 'restarting', dispose: 'disposed' },
  ready: { run: 'running', restart: 'restarting', dispose: 'disposed' },
  running: { finished: 'ready', restart: 'restarting', dispose: 'disposed' },
  disposed: { dispose: 'disposed' },
}

export function nextState(state: SandboxState, transition: SandboxTransition): SandboxState {
  const next = MOVES[state][transition]
  if (next === undefined) throw new Error(`A sandbox that is ${state} cannot ${transition}.`)
  return next
}
