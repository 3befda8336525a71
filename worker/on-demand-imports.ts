/**
 * The one owner of "a module the lock offers is being imported during a run
 * and is not installed" (worker/py/on_demand.py is its Python half).
 *
 * Where Pyodide can suspend the run (JSPI), the import waits while the package
 * loads through the same loader and relay as a run's pre-run load; the main
 * thread is told (`importing` events) so the deadline does not count the wait,
 * and the loader's progress goes out as the run's `package` events. Elsewhere
 * the import fails naming the package, and `loadDeferred()` loads it as the
 * next run starts, in that run's loading phase (outside its deadline).
 */
import type { PyodideAPI } from 'pyodide'
import type { PackageProgress, RuntimeEvent } from '../src/protocol.ts'
import type { PyodideDistribution } from '../src/packages/distribution.ts'
import { NAME_PLACEHOLDER } from '../src/packages/resolve.ts'
import { errorText } from './error-text.ts'
import type { PackageLoader } from './packages.ts'
import onDemandSource from './py/on_demand.py?raw'

export interface OnDemandImports {
  /** Events of imports during this run carry its id. */
  runStarted(runId: number): void
  /** Loads what earlier runs imported but could not wait for, reporting progress as `runId`'s; never rejects. */
  loadDeferred(runId: number): Promise<void>
}

/** The import's error where the run cannot wait for the package: it names the package and what happens next. */
export function loadedLaterMessage(): string {
  return (
    `No module named '${NAME_PLACEHOLDER}' yet: the sandbox offers it, but this browser cannot pause the code while it loads. ` +
    `It will be loaded before the next run starts: run the code again.`
  )
}

/**
 * Installs the finder once, after the import guard and before any user code.
 * `post` sends an event to the main thread.
 */
export function installOnDemandImports(py: PyodideAPI, distribution: PyodideDistribution, loader: PackageLoader, post: (event: RuntimeEvent) => void): OnDemandImports {
  const { importToPackage } = distribution.allowed
  let runId = 0
  const deferred = new Set<string>()
  const progress = (id: number) => (event: PackageProgress) => post({ type: 'package', runId: id, ...event })

  async function load(name: string): Promise<string> {
    const key = importToPackage.get(name)
    if (key === undefined) return `No module named '${name}'.`
    const id = runId
    post({ type: 'importing', runId: id, active: true })
    try {
      const failure = await loader.loadPackages([key], { onProgress: progress(id) })
      return failure?.message ?? ''
    } catch (error) {
      return `${key} could not be loaded: ${errorText(error)}`
    } finally {
      post({ type: 'importing', runId: id, active: false })
    }
  }

  const namespace = py.toPy({})
  try {
    py.runPython(onDemandSource, { globals: namespace, filename: '<sandbox on-demand imports>' })
    const install = namespace.get('install')
    const offered = py.toPy([...importToPackage.keys()].sort())
    try {
      install(offered, load, (name: string) => void deferred.add(name), loadedLaterMessage())
    } finally {
      install.destroy()
      offered.destroy()
    }
  } finally {
    namespace.destroy()
  }

  return {
    runStarted(id) {
      runId = id
      deferred.clear()
    },
    async loadDeferred(id) {
      const keys = [...deferred].flatMap((name) => importToPackage.get(name) ?? []).filter((key) => !loader.isLoaded(key))
      deferred.clear()
      if (keys.length === 0) return
      await loader.loadPackages([...new Set(keys)].sort(), { onProgress: progress(id) }).catch(() => undefined)
    },
  }
}
