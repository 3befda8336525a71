/**
 * The Python console: an editor, Run / Stop / Reset, and the output of each
 * run. It needs no API key and no network: only the sandbox.
 */
import type { PackageProgress, PythonSandbox, RunResult } from '../index.ts'
import { showProducts } from './run-products.ts'

const SAMPLE = `# Runs in your browser: nothing leaves this page.
primes = [n for n in range(2, 250) if all(n % d for d in range(2, int(n**0.5) + 1))]
print(f"The first 50 primes add up to {sum(primes[:50])}")
len(primes)
`

export function mountConsole(container: HTMLElement, sandbox: PythonSandbox): void {
  container.innerHTML = `
    <h2>Python console</h2>
    <textarea class="editor" spellcheck="false" aria-label="Python code"></textarea>
    <div class="toolbar">
      <button type="button" data-action="run" title="Ctrl+Enter">Run</button>
      <button type="button" data-action="stop" disabled>Stop</button>
      <button type="button" data-action="reset" title="A fresh interpreter: no variables or imports; your files stay">Reset</button>
      <label class="add-files">Add files… <input type="file" multiple hidden></label>
      <span class="run-status" aria-live="polite"></span>
      <progress class="package-progress" hidden></progress>
    </div>
    <p class="files" aria-live="polite"></p>
    <pre class="output" aria-label="Output" tabindex="0"></pre>
    <div class="products" aria-label="Images and files from the run"></div>`
  const editor = container.querySelector<HTMLTextAreaElement>('.editor')!
  const output = container.querySelector<HTMLPreElement>('.output')!
  const runButton = container.querySelector<HTMLButtonElement>('[data-action=run]')!
  const stopButton = container.querySelector<HTMLButtonElement>('[data-action=stop]')!
  const resetButton = container.querySelector<HTMLButtonElement>('[data-action=reset]')!
  const runStatus = container.querySelector<HTMLSpanElement>('.run-status')!
  const progress = container.querySelector<HTMLProgressElement>('.package-progress')!
  const fileInput = container.querySelector<HTMLInputElement>('input[type=file]')!
  const fileList = container.querySelector<HTMLParagraphElement>('.files')!
  const products = container.querySelector<HTMLDivElement>('.products')!
  editor.value = SAMPLE
  let stop: AbortController | undefined

  const append = (text: string, kind: 'stdout' | 'stderr' | 'value' | 'error' | 'note') => {
    const span = document.createElement('span')
    span.className = kind
    span.textContent = text
    output.append(span)
    output.scrollTop = output.scrollHeight
  }

  async function run() {
    stop = new AbortController()
    output.replaceChildren()
    products.replaceChildren()
    runButton.disabled = true
    stopButton.disabled = false
    runStatus.textContent = 'Running…'
    try {
      const result = await sandbox.run(editor.value, {
        signal: stop.signal,
        onOutput: ({ stream, text }) => append(text, stream),
      })
      showEnd(result)
      showProducts(products, result)
    } catch (error) {
      append(`${(error as Error).message}\n`, 'error')
      runStatus.textContent = ''
    } finally {
      runButton.disabled = false
      stopButton.disabled = true
      progress.hidden = true
    }
  }

  function showPackage(event: PackageProgress) {
    progress.hidden = event.state !== 'loading'
    progress.max = event.totalBytes ?? 1
    if (event.loadedBytes !== undefined && event.totalBytes !== undefined) progress.value = event.loadedBytes
    else progress.removeAttribute('value') // indeterminate: the server did not say how big it is
    runStatus.textContent = `${event.state === 'failed' ? 'Could not load' : 'Loading'} ${event.name} (${event.index} of ${event.total})…`
  }

  async function addFiles(files: FileList) {
    try {
      await sandbox.putFiles([...files].map((file) => ({ name: file.name, data: file })))
      const listed = await sandbox.listFiles()
      fileList.textContent = `Files: ${listed.map((file) => file.name).join(', ')}`
    } catch (error) {
      fileList.textContent = (error as Error).message
    }
  }

  function showEnd(result: RunResult) {
    // Streamed output is already on screen; only the end of the story is left to tell.
    if (result.error) append(result.error.traceback || `${result.error.message}\n`, 'error')
    else if (result.displayValue !== undefined) append(`${result.displayValue}\n`, 'value')
    if (result.truncated) append('[output truncated]\n', 'note')
    if (result.stateLost) append('The interpreter was restarted: earlier variables are gone.\n', 'note')
    const seconds = (result.durationMs / 1000).toFixed(2)
    runStatus.textContent = `${result.outcome.replace('OUTCOME_', '').toLowerCase().replaceAll('_', ' ')} in ${seconds} s`
  }

  sandbox.on('package', showPackage)
  fileInput.addEventListener('change', () => {
    if (fileInput.files?.length) void addFiles(fileInput.files)
    fileInput.value = ''
  })
  runButton.addEventListener('click', () => void run())
  stopButton.addEventListener('click', () => stop?.abort())
  resetButton.addEventListener('click', () => {
    output.replaceChildren()
    runStatus.textContent = 'Resetting…'
    void sandbox.reset().then(() => (runStatus.textContent = 'Fresh interpreter'))
  })
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !runButton.disabled) {
      event.preventDefault()
      void run()
    } else if (event.key === 'Tab' && !event.shiftKey) {
      event.preventDefault()
      editor.setRangeText('    ', editor.selectionStart, editor.selectionEnd, 'end')
    }
  })
}
