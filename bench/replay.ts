/**
 * "Analyse this CSV and chart it", replayed: the user's words and the
 * attachment go out, the model takes a recorded 3 s, then its code arrives.
 * Measured from the code's arrival to the chart, with the sandbox preloading
 * during those 3 s, without, and with the stock Pyodide recipe (a bare worker:
 * `loadPackagesFromImports`, then `runPythonAsync` of the same code).
 */
import { PythonSandbox } from '../src/index.ts'
import { likelyLibraries } from '../src/packages/likely-libraries.ts'
import { settledMemory } from './memory.ts'
import { StockPyodide } from './stock.ts'

const PROMPT = 'Analyse this CSV and chart it.'
const MODEL_LATENCY_MS = 3_000
/** A model slow enough for the preloads to end first, even on a busy machine. */
const SLOW_MODEL_LATENCY_MS = 20_000
const SALES_CSV = `city,amount\n${Array.from({ length: 200 }, (_, i) => `city${i % 12},${(i * 37) % 101}`).join('\n')}\n`
const ANALYSE_LINES = [
  'import pandas as pd',
  'import matplotlib.pyplot as plt',
  "df = pd.read_csv('sales.csv')",
  'print(df.describe())',
  "df.groupby('city')['amount'].sum().plot(kind='bar')",
  'plt.show()',
]
const ANALYSE_RUN = ANALYSE_LINES.join('\n')
const HEAP_BYTES = 'import pyodide_js\npyodide_js._module.HEAPU8.length'
/** The stock recipe's chart: Agg renders the figure to PNG bytes, as a page that shows it would. */
const STOCK_CHART = "\nimport io\n_png = io.BytesIO()\nplt.gcf().savefig(_png, format='png')\n_png.getbuffer().nbytes"

export interface ReplayCase {
  /** From the code's arrival to the chart. */
  ms: number
  /** The browser's processes (PSS), settled, once the chart is back. */
  browserBytes: number
  /** The interpreter's WebAssembly heap, once the chart is back. */
  heapBytes: number
}

export interface ReplayFigures {
  hinted: string[]
  withPreload: ReplayCase
  /** The same with a model that took long enough for every preload to end: what is left of the run itself. */
  withPreloadDone: ReplayCase
  withoutPreload: ReplayCase
  stock: ReplayCase
  /** The same distribution vendored with --no-bytecode: every module compiles from source, as before bundles. */
  withoutBytecode: { withPreload: ReplayCase; withoutPreload: ReplayCase }
}

/** The replayed code with a timing after each line, printed as `@@ seconds line`: where a run's time goes. */
function profiled(lines: readonly string[]): string {
  const timed = lines.flatMap((line) => [line, `print('@@', round(_t.perf_counter() - _t0, 3), ${JSON.stringify(line)})`])
  return ["import time as _t\nprint('@@start', _t.time() * 1000)", '_t0 = _t.perf_counter()', ...timed, "print('@@end', _t.time() * 1000)"].join('\n')
}

async function sandboxTurn(
  distributionURL: string,
  preload: boolean,
  { code = ANALYSE_RUN, latencyMs = MODEL_LATENCY_MS } = {},
): Promise<ReplayCase & { hinted: string[]; output: string; preloadLog: string[] }> {
  const sandbox = new PythonSandbox({ distributionURL, preload, spare: false })
  const preloadLog: string[] = []
  let arrival = Number.NaN
  const seen = new Set<string>()
  sandbox.on('package', (event) => {
    const key = `${event.runId}:${event.name}:${event.state}`
    if (event.state === 'loading' ? seen.has(key) : false) return
    seen.add(key)
    preloadLog.push(`${event.preload ? 'preload' : 'run'} ${event.name} ${event.state} at ${Math.round(performance.now() - arrival)} ms`)
  })
  sandbox.on('preload', ({ name, phase, outcome }) => preloadLog.push(`preload step: ${phase} ${name} ${outcome.state} at ${Math.round(performance.now() - arrival)} ms`))
  try {
    await sandbox.ready()
    await sandbox.putFiles([{ name: 'sales.csv', data: new TextEncoder().encode(SALES_CSV) }])
    // What the broker hints as the request goes out.
    const hinted = likelyLibraries({ text: [PROMPT], attachments: [{ name: 'sales.csv', mimeType: 'text/csv' }] })
    arrival = performance.now() + latencyMs
    sandbox.preload(hinted)
    await new Promise((resolve) => setTimeout(resolve, latencyMs))
    const started = performance.now()
    const startedAt = Date.now()
    const result = await sandbox.run(code)
    const ms = performance.now() - started
    const endedAt = Date.now()
    const at = (mark: string) => Number(/@@(start|end) ([\d.]+)/.exec(result.output.split('\n').find((line) => line.startsWith(`@@${mark}`)) ?? '')?.[2])
    if (result.output.includes('@@start')) preloadLog.unshift(`before the code: ${Math.round(at('start') - startedAt)} ms; after it: ${Math.round(endedAt - at('end'))} ms`)
    if (result.outcome !== 'OUTCOME_OK' || result.images.length !== 1) throw new Error(`the replayed turn failed: ${result.output}`)
    const browserBytes = await settledMemory()
    const heapBytes = Number((await sandbox.run(HEAP_BYTES)).displayValue)
    return { ms, browserBytes, heapBytes, hinted, output: result.output, preloadLog }
  } finally {
    sandbox.dispose()
  }
}

async function stockTurn(distributionURL: string): Promise<ReplayCase> {
  const stock = new StockPyodide()
  try {
    await stock.start({ indexURL: new URL(distributionURL, location.href).href, env: { MPLBACKEND: 'Agg' } })
    await stock.run(`open('sales.csv', 'w').write(${JSON.stringify(SALES_CSV)})`)
    await new Promise((resolve) => setTimeout(resolve, MODEL_LATENCY_MS))
    const answer = await stock.run(ANALYSE_RUN + STOCK_CHART, 60_000, 0, { withImports: true })
    if (answer.error !== undefined || !(Number(answer.value) > 0)) throw new Error(`the stock recipe's turn failed: ${answer.error}`)
    const browserBytes = await settledMemory()
    const heapBytes = Number((await stock.run(HEAP_BYTES)).value)
    return { ms: answer.ms, browserBytes, heapBytes }
  } finally {
    stock.stop()
  }
}

/**
 * Where the preloaded turn's time goes, with the model's 3 s and with a model
 * slow enough for every preload to end first: each line's share of the run,
 * the time before and after the code, and when each package loaded.
 */
export async function profileReplay(distributionURL: string): Promise<string[]> {
  return [...(await profileTurn(distributionURL, MODEL_LATENCY_MS)), `with a ${SLOW_MODEL_LATENCY_MS / 1000} s latency:`, ...(await profileTurn(distributionURL, SLOW_MODEL_LATENCY_MS))]
}

async function profileTurn(distributionURL: string, latencyMs: number): Promise<string[]> {
  const turn = await sandboxTurn(distributionURL, true, { code: profiled(ANALYSE_LINES), latencyMs })
  let previous = 0
  const lines = turn.output
    .split('\n')
    .filter((line) => line.startsWith('@@ '))
    .map((line) => {
      const [, seconds, ...code] = line.split(' ')
      const at = Number(seconds) * 1000
      const share = `${Math.round(at - previous)} ms ${code.join(' ')}`
      previous = at
      return share
    })
  return [`run ${Math.round(turn.ms)} ms, of which Python ${Math.round(previous)} ms`, ...lines, ...turn.preloadLog.map((entry) => `${entry} from the code's arrival`)]
}

/** `plainURL` is the same distribution without bytecode bundles. */
export async function replay(distributionURL: string, plainURL: string): Promise<ReplayFigures> {
  const withoutPreload = await sandboxTurn(distributionURL, false)
  const withPreload = await sandboxTurn(distributionURL, true)
  const stock = await stockTurn(distributionURL)
  const withPreloadDone = await sandboxTurn(distributionURL, true, { latencyMs: SLOW_MODEL_LATENCY_MS })
  const withoutBytecode = { withPreload: await sandboxTurn(plainURL, true), withoutPreload: await sandboxTurn(plainURL, false) }
  return { hinted: withPreload.hinted, withPreload, withPreloadDone, withoutPreload, stock, withoutBytecode }
}
