/**
 * The baseline: the stock Pyodide worker recipe, with none of the sandbox
 * around it (no isolation frame, no package guard, no output capture, no
 * spare). It interrupts through a SharedArrayBuffer when the page allows it;
 * anything that does not stop is terminated, and a new worker cold-starts.
 */
const defaultIndexURL = new URL('/pyodide/', location.origin).href

/** `withImports`: load the packages the code imports first (`loadPackagesFromImports`), as the stock recipe does for a distribution. */
type Request = { type: 'init'; interruptBuffer?: Int32Array; indexURL?: string; env?: Record<string, string> } | { type: 'run'; code: string; withImports?: boolean }

let pyodide: Awaited<ReturnType<typeof import('pyodide')['loadPyodide']>> | undefined

addEventListener('message', async (event: MessageEvent<Request>) => {
  const request = event.data
  if (request.type === 'init') {
    const indexURL = request.indexURL ?? defaultIndexURL
    const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import('pyodide')
    pyodide = await loadPyodide({ indexURL, ...(request.env ? { env: request.env } : {}) })
    if (request.interruptBuffer) pyodide.setInterruptBuffer(request.interruptBuffer)
    postMessage({ ready: true })
    return
  }
  let error: string | undefined
  let value: unknown
  try {
    if (request.withImports) await pyodide!.loadPackagesFromImports(request.code)
    value = await pyodide!.runPythonAsync(request.code)
  } catch (e) {
    error = String(e)
  }
  postMessage({ value: typeof value === 'number' || typeof value === 'string' ? value : undefined, error })
})
