/**
 * The escape corpus's control on a host: a page of the app's own origin with
 * no policy and no sandbox loads the same Pyodide core on its main thread and
 * runs the corpus's first attempt. It must print ESCAPED and reach the
 * observer, or the corpus could not see an escape in this browser on this
 * host (a proxy setting that swallowed loopback requests, a deaf observer).
 */
import { ESCAPE_CORPUS, type EscapeTargets } from '../browser/isolation/escape-corpus.ts'

/** Where the static host serves the control page (`StaticHost.serveRaw`). */
export const UNCONFINED_RUN_PATH = '/unconfined-run.html'

/** The page: when its run ends, `window.unconfinedOutput` holds everything Python printed. */
export function unconfinedRunPage(targets: EscapeTargets): string {
  // `<` escaped so no text of the code can close the script element.
  const code = JSON.stringify(ESCAPE_CORPUS[0]!.code(targets)).replaceAll('<', '\\u003c')
  return `<!doctype html><title>unconfined run</title><script type="module">
const printed = []
try {
  const { loadPyodide } = await import(${JSON.stringify(new URL('pyodide.mjs', targets.indexURL).href)})
  const pyodide = await loadPyodide({ indexURL: ${JSON.stringify(targets.indexURL)}, stdout: (line) => printed.push(line), stderr: (line) => printed.push(line) })
  await pyodide.runPythonAsync(${code})
} catch (error) {
  printed.push('the control could not run: ' + error)
}
window.unconfinedOutput = printed.join('\\n')
</script>`
}

/** What the control must print: the first attempt's verdict on a fetch the observer answered. */
export const UNCONFINED_ESCAPED = /^ESCAPED: status 200/m
/** The request the observer must have seen from it. */
export const UNCONFINED_CONTACT = { kind: 'request', method: 'GET', url: '/fetch' } as const
