/**
 * The console's run history: one cell per run, keeping its code, its output
 * (written through an `OutputSink`), its images and its files. The cells are
 * in a signal; each cell's output element is made here, once, and only ever
 * appended to, so a long history does not re-render.
 */
import { signal } from '@preact/signals'
import type { PackageProgress, PythonSandbox, RunResult } from '../../index.ts'
import { withProgress } from '../shell/package-progress.tsx'
import { OutputSink } from './output-sink.ts'

export interface Cell {
  id: number
  code: string
  startedAt: number
  output: HTMLElement
  sink: OutputSink
  result?: RunResult
  /** Why the run could not even start (the sandbox failed). */
  failure?: string
  stop: AbortController
}

export const cells = signal<Cell[]>([])
export const packages = signal<PackageProgress[]>([])
export const files = signal<string[]>([])
let nextId = 1

function update(cell: Cell, change: Partial<Cell>): void {
  cells.value = cells.value.map((other) => (other.id === cell.id ? { ...other, ...change } : other))
}

function outcomeText(result: RunResult): string {
  return result.outcome.replace('OUTCOME_', '').toLowerCase().replaceAll('_', ' ')
}

export function statusText(cell: Cell): string | undefined {
  if (cell.failure) return 'could not run'
  if (!cell.result) return undefined
  return `${outcomeText(cell.result)} in ${(cell.result.durationMs / 1000).toFixed(2)} s`
}

export async function runCell(sandbox: PythonSandbox, code: string): Promise<void> {
  const output = document.createElement('div')
  output.className = 'output'
  output.setAttribute('role', 'log')
  output.tabIndex = 0
  output.setAttribute('aria-label', 'Output')
  const cell: Cell = { id: nextId++, code, startedAt: Date.now(), output, sink: new OutputSink(output), stop: new AbortController() }
  cells.value = [...cells.value, cell]
  packages.value = []
  const { sink } = cell
  try {
    const result = await sandbox.run(code, { signal: cell.stop.signal, onOutput: ({ stream, text }) => sink.write(stream, text) })
    // Streamed output is already on screen; only the end of the story is left to tell.
    if (result.error) {
      const { traceback, message } = result.error
      if (traceback) sink.write('error', traceback.endsWith('\n') ? traceback : `${traceback}\n`)
      // The deadline's and the restart's messages are not in any traceback: say them.
      if (!traceback.includes(message)) sink.write('error', `${message}\n`)
    } else if (result.displayValue !== undefined) sink.write('value', `${result.displayValue}\n`)
    if (result.truncated) sink.write('note', '[output truncated: the rest was over the output limit]\n')
    if (result.stateLost && !result.error?.message.includes('restarted')) sink.write('note', 'Python was restarted to stop this run: earlier variables are gone.\n')
    await sink.drained()
    update(cell, { result })
  } catch (error) {
    sink.write('error', `${(error as Error).message}\n`)
    await sink.drained()
    update(cell, { failure: (error as Error).message })
  }
}

export function watchPackages(sandbox: PythonSandbox): void {
  sandbox.on('package', (progress) => {
    packages.value = withProgress(packages.value, progress)
  })
}

export async function refreshFiles(sandbox: PythonSandbox): Promise<void> {
  files.value = (await sandbox.listFiles()).map((file) => file.name)
}

export function clearCells(): void {
  cells.value = []
}
