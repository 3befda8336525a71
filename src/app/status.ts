/** The header's status line and the isolation warning. */
import type { PythonSandbox, SandboxState } from '../index.ts'

const STATE_TEXT: Record<SandboxState, string> = {
  starting: 'Starting Python…',
  restarting: 'Restarting Python…',
  ready: 'Python ready',
  running: 'Running…',
  disposed: 'Python stopped',
}

export function showStatus(element: HTMLElement, sandbox: PythonSandbox): void {
  const started = performance.now()
  sandbox.on('state', (state) => (element.textContent = STATE_TEXT[state]))
  sandbox.on('load', ({ stage }) => {
    if (stage === 'loading-pyodide') element.textContent = 'Loading Python…'
  })
  sandbox
    .ready()
    .then((info) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      element.textContent = `Python ${info.pythonVersion} ready (started in ${seconds} s)`
    })
    .catch((error: Error) => (element.textContent = error.message))
}

/** Says so plainly when the page is not cross-origin isolated, instead of degrading silently. */
export function warnWithoutIsolation(element: HTMLElement): void {
  if (globalThis.crossOriginIsolated) return
  element.hidden = false
  element.textContent =
    'This page is not cross-origin isolated (the COOP and COEP headers are missing), so a run that reaches its ' +
    'time limit is stopped by restarting Python, which loses its variables. See the README for the headers to send.'
}

/**
 * Says so plainly when the sandbox cannot confirm its isolation (the frame
 * page or its policy did not take effect, or a non-isolating host is in use),
 * so that running model-written code never silently loses its confinement.
 */
export function warnIfSandboxNotIsolated(element: HTMLElement, sandbox: PythonSandbox): void {
  void sandbox
    .ready()
    .then((info) => {
      if (info.isolated === true) return
      element.hidden = false
      element.textContent =
        'The Python sandbox is NOT isolated: code it runs could reach the network and this app’s storage. ' +
        'The sandbox frame or its Content-Security-Policy did not take effect; see docs/deployment.md.'
    })
    .catch(() => {}) // a start failure is shown by showStatus
}
