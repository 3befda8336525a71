/**
 * The Python console: a CodeMirror editor, Run / Stop / Reset / Add files,
 * and the history of runs as cells that keep their output, images and files.
 * It needs no API key and no network: only the sandbox.
 */
import type { EditorView } from '@codemirror/view'
import { useEffect, useRef } from 'preact/hooks'
import { safeFileLabel, type PythonSandbox } from '../../index.ts'
import { PythonCode } from '../chat/parts.tsx'
import { CopyButton } from '../shell/copy-button.tsx'
import { Elapsed } from '../shell/elapsed.tsx'
import { PackageBars } from '../shell/package-progress.tsx'
import { DownloadLink, FileName, ImageView } from '../shell/products.tsx'
import { cells, clearCells, files, packages, refreshFiles, runCell, statusText, type Cell } from './cells.ts'

const SAMPLE = `# Runs in your browser: nothing leaves this page.
primes = [n for n in range(2, 250) if all(n % d for d in range(2, int(n**0.5) + 1))]
print(f"The first 50 primes add up to {sum(primes[:50])}")
len(primes)
`

function CellView({ cell, index }: { cell: Cell; index: number }) {
  const outputHost = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (outputHost.current && outputHost.current.firstChild !== cell.output) outputHost.current.replaceChildren(cell.output)
  }, [cell.output])
  const status = statusText(cell)
  const outcome = cell.failure ? 'failed' : cell.result?.outcome === 'OUTCOME_OK' ? 'ok' : cell.result ? 'failed' : 'running'
  return (
    <article class={`cell ${outcome}`} aria-label={`Run ${index + 1}`}>
      <details class="tool" open={index === cells.value.length - 1}>
        <summary>
          <span>In [{index + 1}]</span>
          <CopyButton text={() => cell.code} label="Copy code" />
        </summary>
        <PythonCode code={cell.code} />
      </details>
      <div class="cell-output" ref={outputHost} />
      {cell.result?.images.map((image, i) => <ImageView key={i} data={image.data} alt={`Image ${i + 1} that run ${index + 1} displayed`} />)}
      {cell.result && cell.result.files.length > 0 && (
        <div class="files" aria-label="Files the run wrote">
          {cell.result.files.map((file) => (
            <DownloadLink key={file.name} name={file.name} size={file.size} bytes={file.data as Uint8Array<ArrayBuffer>} />
          ))}
        </div>
      )}
      {cell.result?.omittedFiles?.map((file) => (
        <p key={file.name} class="note">
          <FileName name={file.name} /> ({file.size.toLocaleString()} bytes) was written but is over the size limits, so it is not offered.
        </p>
      ))}
      <p class="cell-status" role={status ? 'status' : undefined}>
        {status ?? (
          <>
            Running · <Elapsed since={cell.startedAt} />
          </>
        )}
      </p>
    </article>
  )
}

export function ConsoleView({ sandbox }: { sandbox: PythonSandbox }) {
  const editorHost = useRef<HTMLDivElement>(null)
  const editor = useRef<EditorView | undefined>(undefined)
  const fileInput = useRef<HTMLInputElement>(null)
  const runningCell = cells.value.find((cell) => !cell.result && !cell.failure)

  const run = () => {
    if (cells.value.some((cell) => !cell.result && !cell.failure)) return
    void runCell(sandbox, editor.current?.state.doc.toString() ?? '').then(() => refreshFiles(sandbox).catch(() => undefined))
  }

  useEffect(() => {
    // CodeMirror is loaded on its own, so the chat does not wait for the editor.
    let destroyed = false
    void import('./editor.ts').then(({ createEditor }) => {
      if (destroyed) return
      editor.current = createEditor({ parent: editorHost.current!, doc: SAMPLE, onRun: run, label: 'Python code' })
    })
    return () => {
      destroyed = true
      editor.current?.destroy()
    }
  }, [])

  const addFiles = async (list: FileList) => {
    try {
      await sandbox.putFiles([...list].map((file) => ({ name: file.name, data: file })))
      await refreshFiles(sandbox)
    } catch (error) {
      files.value = [(error as Error).message]
    }
  }

  return (
    <section class="console" aria-labelledby="console-title">
      <h2 id="console-title">Python console</h2>
      <div class="editor" ref={editorHost} />
      <p class="hint muted small-text">Ctrl+Enter runs. Tab indents; press Esc, then Tab, to move on.</p>
      <div class="toolbar" role="toolbar" aria-label="Console actions">
        <button type="button" class="primary" onClick={run} disabled={runningCell !== undefined} title="Ctrl+Enter">
          Run
        </button>
        <button type="button" class="danger" onClick={() => runningCell?.stop.abort()} disabled={runningCell === undefined}>
          Stop
        </button>
        <button type="button" onClick={() => void sandbox.reset().then(() => refreshFiles(sandbox))} title="A fresh interpreter: no variables or imports; your files stay">
          Reset Python
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Add files…
        </button>
        <input ref={fileInput} type="file" multiple hidden onChange={(event) => {
          const input = event.currentTarget
          if (input.files?.length) void addFiles(input.files)
          input.value = ''
        }} />
        <button type="button" onClick={clearCells} disabled={cells.value.length === 0 || runningCell !== undefined}>
          Clear history
        </button>
      </div>
      {files.value.length > 0 && (
        <p class="files-list small-text" aria-live="polite">
          Files: {files.value.map(safeFileLabel).join(', ')}
        </p>
      )}
      <PackageBars packages={packages.value} />
      <div class="cells" aria-label="Run history">
        {cells.value.map((cell, index) => (
          <CellView key={cell.id} cell={cell} index={index} />
        ))}
      </div>
    </section>
  )
}
