/**
 * The scientific stack's figures on a Pyodide distribution served by the
 * benchmark (0.27.7 from ../shared): how long `import pandas` takes to a first
 * result on a cold cache and on a warm one (a fresh interpreter, the files in
 * the browser's cache), what each package downloads, and the first matplotlib
 * figure. The warm figure is the baseline the cold one is read against.
 */
import { PythonSandbox, type PackageProgress } from '../src/index.ts'
import { replay, type ReplayFigures } from './replay.ts'

const PANDAS_RUN = 'import pandas as pd\nprint(pd.DataFrame({"a": [1, 2]}).sum().iloc[0])'
const FIGURE_RUN = 'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()'

export interface ScienceFigures {
  pyodideVersion: string
  coldPandasMs: number
  warmPandasMs: number
  firstFigureMs: number
  /** Bytes downloaded per lock key on the cold path. */
  packageBytes: Record<string, number>
  /** "Analyse this CSV and chart it", with and without preloading during the model's recorded latency, and the stock recipe. */
  replay: ReplayFigures
}

async function timed(sandbox: PythonSandbox, code: string): Promise<number> {
  const started = performance.now()
  const result = await sandbox.run(code)
  if (result.outcome !== 'OUTCOME_OK') throw new Error(`${code.split('\n')[0]} failed: ${result.output}`)
  return performance.now() - started
}

/** `plainURL` is the same distribution without bytecode bundles, for the replay's comparison. */
export async function science(distributionURL: string, plainURL: string): Promise<ScienceFigures> {
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
  return { pyodideVersion, coldPandasMs, warmPandasMs, firstFigureMs, packageBytes, replay: await replay(distributionURL, plainURL) }
}
