/**
 * The baseline: Pyodide in a bare module worker, with none of the sandbox
 * around it (no isolation frame, no package guard, no output capture).
 */
const indexURL = new URL('/pyodide/', location.origin).href

addEventListener('message', async (event: MessageEvent<{ code: string }[]>) => {
  const started = performance.now()
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import('pyodide')
  const pyodide = await loadPyodide({ indexURL })
  const coldStartMs = performance.now() - started
  const runs: number[] = []
  for (const { code } of event.data) {
    const t = performance.now()
    await pyodide.runPythonAsync(code)
    runs.push(performance.now() - t)
  }
  postMessage({ coldStartMs, runs })
})
