/**
 * The scientific stack's figures on a Pyodide distribution served by the
 * benchmark (0.27.7 from ../shared): how long `import pandas` takes to a first
 * result on a cold cache and on a warm one (a fresh interpreter, the files in
 * the browser's cache), what each package downloads, and the first matplotlib
 * figure. The warm figure is the baseline the cold one is read against.
 */
import { PythonSandbox, type PackageProgress } from '../src/index.ts'
import { likelyLibraries } from '../src/packages/likely-libraries.ts'

const PANDAS_RUN = 'import pandas as pd\nprint(pd.DataFrame({"a": [1, 2]}).sum().iloc[0])'
const FIGURE_RUN = 'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()'

export interface ScienceFigures {
  pyodideVersion: string
  coldPandasMs: number
  warmPandasMs: number
  firstFigureMs: number
  /** Bytes downloaded per lock key on the cold path. */
  packageBytes: Record<string, number>
  /** "Analyse this CSV and chart it", with and without preloading during the model's recorded latency. */
  replay: { withPreloadMs: number; withoutPreloadMs: number; withPreloadBytes: number; withoutPreloadBytes: number; hinted: string[] }
}

/** The replayed turn: the user's words, the attachment, how long the model took, and the code it wrote. */
const PROMPT = 'Analyse this CSV and chart it.'
const MODEL_LATENCY_MS = 3_000
const SALES_CSV = `city,amount\n${Array.from({ length: 200 }, (_, i) => `city${i % 12},${(i * 37) % 101}`).join('\n')}\n`
const ANALYSE_RUN =
  "import pandas as pd\nimport matplotlib.pyplot as plt\ndf = pd.read_csv('sales.csv')\nprint(df.describe())\n" +
  "df.groupby('city')['amount'].sum().plot(kind='bar')\nplt.show()"

/** From the code's arrival to the chart, after the model's latency spent with or without preloading; then the browser's memory. */
async function replayTurn(distributionURL: string, preload: boolean): Promise<{ ms: number; bytes: number; hinted: string[] }> {
  const sandbox = new PythonSandbox({ distributionURL, preload, spare: false })
  try {
    await sandbox.ready()
    await sandbox.putFiles([{ name: 'sales.csv', data: new TextEncoder().encode(SALES_CSV) }])
    // What the broker hints as the request goes out.
    const hinted = likelyLibraries({ text: [PROMPT], attachments: [{ name: 'sales.csv', mimeType: 'text/csv' }] })
    sandbox.preload(hinted)
    await new Promise((resolve) => setTimeout(resolve, MODEL_LATENCY_MS))
    const started = performance.now()
    const result = await sandbox.run(ANALYSE_RUN)
    const ms = performance.now() - started
    if (result.outcome !== 'OUTCOME_OK' || result.images.length !== 1) throw new Error(`the replayed turn failed: ${result.output}`)
    return { ms, bytes: await window.benchMemory(), hinted }
  } finally {
    sandbox.dispose()
  }
}

async function timed(sandbox: PythonSandbox, code: string): Promise<number> {
  const started = performance.now()
  const result = await sandbox.run(code)
  if (result.outcome !== 'OUTCOME_OK') throw new Error(`${code.split('\n')[0]} failed: ${result.output}`)
  return performance.now() - started
}

export async function science(distributionURL: string): Promise<ScienceFigures> {
  const packageBytes: Record<string, number> = {}
  const cold = new PythonSandbox({ distributionURL })
  cold.on('package', (event: PackageProgress) => {
    if (event.totalBytes !== undefined) packageBytes[event.name] = event.totalBytes
  })
  const { pyodideVersion } = await cold.ready()
  const coldPandasMs = await timed(cold, PANDAS_RUN)
  const firstFigureMs = await timed(cold, FIGURE_RUN)
  cold.dispose()
  const warm = new PythonSandbox({ distributionURL })
  await warm.ready()
  const warmPandasMs = await timed(warm, PANDAS_RUN)
  warm.dispose()
  // Both after the cold path above, so both find the files in the browser's cache: the difference is the loading.
  const without = await replayTurn(distributionURL, false)
  const withPreload = await replayTurn(distributionURL, true)
  const replay = { withPreloadMs: withPreload.ms, withoutPreloadMs: without.ms, withPreloadBytes: withPreload.bytes, withoutPreloadBytes: without.bytes, hinted: withPreload.hinted }
  return { pyodideVersion, coldPandasMs, warmPandasMs, firstFigureMs, packageBytes, replay }
}
