/**
 * What the header says about Python: its stage while it starts (with the
 * bytes of the Python core downloaded so far), then its version and how long
 * the start took, which stay shown while the state (ready, running…) changes.
 */
import { signal } from '@preact/signals'
import type { LoadStage, PythonSandbox, SandboxState } from '../../index.ts'

export interface PythonStatus {
  state: SandboxState
  stage?: LoadStage
  /** Bytes of the Python core fetched so far, as this page saw them (the sandbox's files are relayed through it). */
  coreBytes: number
  version?: string
  startSeconds?: number
  error?: string
  isolated?: boolean
}

export const pythonStatus = signal<PythonStatus>({ state: 'starting', coreBytes: 0 })

function patch(change: Partial<PythonStatus>): void {
  pythonStatus.value = { ...pythonStatus.value, ...change }
}

/** Counts bytes of the Pyodide core as the page's resource timing reports each file. */
function watchCoreDownload(): void {
  if (typeof PerformanceObserver === 'undefined') return
  const seen = new Set<string>()
  const observer = new PerformanceObserver((list) => {
    let added = 0
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      if (!entry.name.includes('/pyodide/') || seen.has(entry.name)) continue
      seen.add(entry.name)
      added += entry.decodedBodySize || entry.encodedBodySize || entry.transferSize
    }
    if (added) patch({ coreBytes: pythonStatus.value.coreBytes + added })
  })
  observer.observe({ type: 'resource', buffered: true })
  setTimeout(() => observer.disconnect(), 120_000)
}

export function watchPython(sandbox: PythonSandbox): void {
  const started = performance.now()
  watchCoreDownload()
  sandbox.on('state', (state) => patch({ state }))
  sandbox.on('load', ({ stage }) => patch({ stage }))
  sandbox
    .ready()
    .then((info) => patch({ state: sandbox.state, stage: 'ready', version: info.pythonVersion, startSeconds: (performance.now() - started) / 1000, isolated: info.isolated === true }))
    // A SandboxStartError says "Python could not start: …" itself; anything else is given that opening here.
    .catch((error: Error) => patch({ error: error.name === 'SandboxStartError' ? error.message : `Python could not start: ${error.message}` }))
}
