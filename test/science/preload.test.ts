/**
 * Preloading the chart path on the real scientific stack (Pyodide 0.27.7):
 * with pandas and matplotlib hinted, the sandbox imports them and warms what
 * the first chart needs (pandas' plotting module, the backend, fonts) on a
 * figure no run can see. A chart drawn after that is the same, to the byte,
 * as one drawn in a sandbox that preloaded nothing, and the run finds no open
 * figure, unchanged rcParams and nothing new in its namespace.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { PythonSandbox, SandboxEvents } from '../../src/index.ts'
import { DISTRIBUTION_PATH } from './distribution.ts'
import { scienceSandbox } from './sandbox.ts'

let preloading: PythonSandbox
let plain: PythonSandbox
beforeAll(async () => {
  preloading = scienceSandbox({ distributionURL: DISTRIBUTION_PATH, spare: false })
  plain = scienceSandbox({ distributionURL: DISTRIBUTION_PATH, spare: false, preload: false })
  await Promise.all([preloading.ready(), plain.ready()])
})
afterAll(() => (preloading.dispose(), plain.dispose()))

// What a run sees of matplotlib's state before it draws: open figures, rcParams that differ from the defaults, its names.
const STATE =
  'import sys\nimport matplotlib\nimport matplotlib.pyplot as plt\n' +
  "changed = sorted(k for k, v in matplotlib.rcParams.items() if k != 'backend' and matplotlib.rcParamsDefault.get(k) != v)\n" +
  "print(plt.get_fignums(), changed, matplotlib.get_backend(), sorted(k for k in globals() if not k.startswith('_') and k not in ('sys', 'matplotlib', 'plt', 'changed')))"
const CHART =
  "import pandas as pd\nimport matplotlib.pyplot as plt\ndf = pd.DataFrame({'city': ['a', 'b', 'a', 'c'], 'amount': [3, 5, 2, 7]})\n" +
  "print(df.describe())\ndf.groupby('city')['amount'].sum().plot(kind='bar', title='Sales')\nplt.show()"

/** Resolves when the library's last preload step, its import, has ended. */
function preloaded(sandbox: PythonSandbox, name: string): Promise<void> {
  return new Promise((resolve) => {
    const off = sandbox.on('preload', (step: SandboxEvents['preload']) => {
      if (step.name === name && step.phase === 'import') (off(), resolve())
    })
  })
}

test('a chart after a preload of pandas and matplotlib is the same as without, and the run finds no trace of the warm-up', async () => {
  const matplotlibLoaded = preloaded(preloading, 'matplotlib')
  preloading.preload(['pandas', 'matplotlib'])
  await matplotlibLoaded
  // After matplotlib's import step, which imported it and warmed the first figure.
  const warmed = await preloading.run("import sys\nprint('pandas.plotting._matplotlib' in sys.modules, 'matplotlib.backends.backend_agg' in sys.modules)")
  expect(warmed.output).toBe('True True\n')

  const [withState, withoutState] = [await preloading.run(STATE), await plain.run(STATE)]
  expect(withState.output).toBe(withoutState.output)
  expect(withState.output).toMatch(/^\[\] \[\] module:\/\/sandbox_matplotlib_backend \[\]\n$/)

  const [withChart, withoutChart] = [await preloading.run(CHART), await plain.run(CHART)]
  expect(withChart.outcome).toBe('OUTCOME_OK')
  expect({ output: withChart.output, stderr: withChart.stderr, files: withChart.files }).toEqual({ output: withoutChart.output, stderr: withoutChart.stderr, files: withoutChart.files })
  expect(withChart.images).toHaveLength(1)
  expect(withChart.images).toEqual(withoutChart.images)
})
