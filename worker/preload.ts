/**
 * Loads and imports one library ahead of the run that will likely need it
 * (`PythonSandbox.preload`; worker/py/preload.py is its Python half).
 *
 * The package is loaded exactly as a run's pre-run load would (the same
 * loader, the same checks, the known on-demand companions), then imported,
 * because unpacking, loading shared libraries and importing is where the time
 * goes. The main thread sends one phase of one library per call (its load,
 * later its import), between runs only, so a run never shares the interpreter
 * with a preload.
 */
import type { PyodideAPI } from 'pyodide'
import type { PreloadOutcome, PreloadRequest, RuntimeEvent } from '../src/protocol.ts'
import type { PyodideDistribution } from '../src/packages/distribution.ts'
import type { PackageLoader } from './packages.ts'
import { errorText } from './error-text.ts'
import preloadSource from './py/preload.py?raw'

export type Preloader = (request: PreloadRequest) => Promise<PreloadOutcome>

export function createPreloader(py: PyodideAPI, distribution: PyodideDistribution, loader: PackageLoader, post: (event: RuntimeEvent) => void): Preloader {
  const scope = py.toPy({}) as { get(name: string): unknown }
  py.runPython(preloadSource, { globals: scope as never, filename: '<sandbox preload>' })
  const warm = scope.get('warm') as (name: string) => string
  const warmed = new Set<string>()

  return async ({ name, phase, maxHeapBytes }) => {
    if (warmed.has(name)) return { state: 'already' }
    if (!distribution.allowed.importToPackage.has(name)) return { state: 'not-offered' }
    const heapBytes = heapSize(py)
    if (heapBytes !== undefined && heapBytes > maxHeapBytes) return { state: 'over-budget', heapBytes }
    const failure = await loader
      .loadImportsOf(`import ${name}`, { onProgress: (progress) => post({ type: 'package', runId: 0, preload: true, ...progress }) })
      .catch((error: unknown) => ({ message: errorText(error) }))
    if (failure) return { state: 'failed', message: failure.message }
    if (phase === 'load') return loaded(py)
    const problem = warm(name)
    if (problem) return { state: 'failed', message: problem }
    warmed.add(name)
    return loaded(py)
  }
}

function loaded(py: PyodideAPI): PreloadOutcome {
  const heapBytes = heapSize(py)
  return { state: 'loaded', ...(heapBytes === undefined ? {} : { heapBytes }) }
}

/** The interpreter's WebAssembly memory, where the loaded libraries live; undefined where Pyodide does not show it. */
function heapSize(py: PyodideAPI): number | undefined {
  const heap = (py as unknown as { _module?: { HEAPU8?: Uint8Array } })._module?.HEAPU8
  return heap?.byteLength
}
