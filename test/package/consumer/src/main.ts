// An app that imports only the sandbox from the package root: its build must leave @google/genai out.
import { PythonSandbox, type RunResult, type RuntimeInfo } from 'pyodide-code-execution'

declare global {
  interface Window {
    consumerResult?: { info: RuntimeInfo; first: RunResult; deadline: RunResult; after: RunResult; crossOriginIsolated: boolean } | { error: string }
  }
}

async function main() {
  const sandbox = new PythonSandbox()
  const info = await sandbox.ready()
  const first = await sandbox.run('import json, sys\nkept = 6 * 7\nprint(json.dumps({"answer": kept}), sys.version_info[0])')
  // Stopped at its deadline by an interrupt when the page is cross-origin isolated: the interpreter survives.
  const deadline = await sandbox.run('while True:\n    pass', { timeoutMs: 2_000 })
  const after = await sandbox.run('print(kept)')
  window.consumerResult = { info, first, deadline, after, crossOriginIsolated }
}

main().catch((error: unknown) => {
  window.consumerResult = { error: String(error) }
})
