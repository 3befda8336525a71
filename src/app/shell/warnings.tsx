/** Plain warnings when the page or the sandbox is less isolated than it should be, instead of degrading silently. */
import { pythonStatus } from './python-status.ts'

export function Warnings() {
  const notIsolatedPage = !globalThis.crossOriginIsolated
  const notIsolatedSandbox = pythonStatus.value.isolated === false
  return (
    <>
      <p class="warning" id="isolation-warning" role="note" hidden={!notIsolatedPage}>
        This page is not cross-origin isolated (the COOP and COEP headers are missing), so a run that reaches its time limit is stopped by restarting
        Python, which loses its variables. See the README for the headers to send.
      </p>
      <p class="warning" id="sandbox-warning" role="alert" hidden={!notIsolatedSandbox}>
        The Python sandbox is NOT isolated: code it runs could reach the network and this app’s storage. The sandbox frame or its
        Content-Security-Policy did not take effect; see docs/deployment.md.
      </p>
    </>
  )
}
