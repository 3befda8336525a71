/**
 * The table of on-demand imports: everyday model code in which a library
 * imports another only when a call needs it. Shared by the 0.27.7 science
 * test and the 314 browser test, each running the cases its distribution can
 * offer and skipping the rest with the reason.
 */
import { expect, test } from 'vitest'
import type { PackageProgress, PythonSandbox } from '../../src/index.ts'

export type Runtime = '0.27.7' | '314.0.7'

export interface OnDemandCase {
  name: string
  /** Files put into the working directory first. */
  files?: Record<string, string>
  code: string
  /** What the code prints. */
  output: string
  /** How many images the run returns. */
  images?: number
  /** Lock keys of the libraries imported on demand: each must be loaded by the run. */
  loads: string[]
  /** Why this distribution cannot offer the library, when it cannot: the case is skipped with this reason. */
  unavailable?: Partial<Record<Runtime, string>>
}

const SALES = 'import pandas as pd\ndf = pd.DataFrame({"region": ["north", "south", "east"], "amount": [165, 140, 30]})\n'
const NO_JINJA = 'jinja2 needs markupsafe, a compiled package only the Pyodide CDN publishes for this release'
const NO_LXML = 'lxml is a compiled package only the Pyodide CDN publishes for this release'
const NO_PANDAS = 'pandas is published for 314 only on the Pyodide CDN, which this machine cannot reach'
const NO_STACK = 'matplotlib and scipy are published for 314 only on the Pyodide CDN, which this machine cannot reach'

export const ON_DEMAND_CASES: OnDemandCase[] = [
  {
    name: 'df.to_markdown() (tabulate)',
    code: `${SALES}print(df.to_markdown(index=False))`,
    output: '| region   |   amount |\n|:---------|---------:|\n| north    |      165 |\n| south    |      140 |\n| east     |       30 |\n',
    loads: ['tabulate'],
    unavailable: { '314.0.7': NO_PANDAS },
  },
  {
    name: 'df.to_excel() and pd.read_excel() (openpyxl)',
    code: `${SALES}df.to_excel("sales.xlsx", index=False)\nback = pd.read_excel("sales.xlsx")\nprint(back["amount"].sum(), list(back.columns))`,
    output: "335 ['region', 'amount']\n",
    loads: ['openpyxl'],
    unavailable: { '314.0.7': NO_PANDAS },
  },
  {
    name: 'df.plot() (matplotlib)',
    code: `${SALES}ax = df.plot(x="region", y="amount", kind="bar", title="Sales")\nprint(ax.get_title())`,
    output: 'Sales\n',
    images: 1,
    loads: ['matplotlib'],
    unavailable: { '314.0.7': NO_STACK },
  },
  {
    name: 'df.hist() (matplotlib)',
    code: `${SALES}axes = df.hist(column="amount", bins=3)\nprint(axes.shape)`,
    output: '(1, 1)\n',
    images: 1,
    loads: ['matplotlib'],
    unavailable: { '314.0.7': NO_STACK },
  },
  {
    name: 'sns.clustermap() (scipy)',
    code: 'import seaborn as sns\nimport numpy as np\nimport pandas as pd\ndata = pd.DataFrame(np.arange(16.0).reshape(4, 4) ** 1.5, columns=list("abcd"))\ng = sns.clustermap(data)\nprint(type(g).__name__)',
    output: 'ClusterGrid\n',
    images: 1,
    loads: ['scipy'],
    unavailable: { '314.0.7': NO_STACK },
  },
  {
    name: 'plt.imsave() (Pillow)',
    code: 'import numpy as np\nimport matplotlib.pyplot as plt\nplt.imsave("gradient.jpg", np.tile(np.linspace(0, 1, 32), (8, 1)), cmap="viridis")\nfrom PIL import Image\nprint(Image.open("gradient.jpg").size)',
    output: '(32, 8)\n',
    loads: ['pillow'],
    unavailable: { '314.0.7': NO_STACK },
  },
  {
    name: 'sympy.plot() (matplotlib)',
    code: 'import sympy as sp\nx = sp.symbols("x")\np = sp.plot(x**2, (x, -2, 2), title="parabola", show=False)\np.show()\nprint(p.title)',
    output: 'parabola\n',
    images: 1,
    loads: ['matplotlib'],
    unavailable: { '314.0.7': NO_STACK },
  },
  {
    name: 'df.style.to_html() (jinja2)',
    code: `${SALES}html = df.style.highlight_max(subset=["amount"]).to_html()\nprint("<table" in html, "165" in html)`,
    output: 'True True\n',
    loads: ['jinja2'],
    unavailable: { '0.27.7': NO_JINJA, '314.0.7': NO_JINJA },
  },
  {
    name: 'pd.read_xml() (lxml)',
    files: { 'books.xml': '<books><book><title>Dune</title><year>1965</year></book><book><title>Emma</title><year>1815</year></book></books>' },
    code: 'import pandas as pd\nbooks = pd.read_xml("books.xml")\nprint(books["year"].min())',
    output: '1815\n',
    loads: ['lxml'],
    unavailable: { '0.27.7': NO_LXML, '314.0.7': NO_LXML },
  },
]

/**
 * Imports the code's `import` statements do not show and the fast path cannot
 * read: only the import hook loads these, while the code waits.
 */
export const HOOK_CASES: OnDemandCase[] = [
  {
    name: 'importlib.import_module() with a computed name (tabulate)',
    code: 'import importlib\nprint("before")\nfmt = importlib.import_module("tab" + "ulate")\nprint(fmt.tabulate([["a", 1]], tablefmt="plain"))',
    output: 'before\na  1\n',
    loads: ['tabulate'],
  },
  {
    name: 'a module the code wrote imports a library (openpyxl)',
    files: { 'report.py': 'import openpyxl\n\ndef cell():\n    wb = openpyxl.Workbook()\n    wb.active["A1"] = 42\n    return wb.active["A1"].value\n' },
    code: 'print("before")\nimport report\nprint(report.cell())',
    output: 'before\n42\n',
    loads: ['openpyxl', 'et-xmlfile'],
  },
  {
    name: 'pd.plotting.parallel_coordinates() (matplotlib)',
    code: `${SALES}print("before")\nax = pd.plotting.parallel_coordinates(df.assign(n=[1, 2, 3]), "region")\nprint(type(ax).__name__)`,
    output: 'before\nAxes\n',
    images: 1,
    loads: ['matplotlib'],
    unavailable: { '314.0.7': NO_STACK },
  },
]

/** Whether this browser has JSPI, through which Pyodide pauses the code while an import loads. */
export const CAN_PAUSE_CODE = typeof (WebAssembly as { Suspending?: unknown }).Suspending === 'function'
const NO_JSPI = 'this browser has no JSPI, so the code cannot wait for the import: the next run has the library'

/** Why `c` cannot run on `runtime`, or undefined when it can. */
export function skipReason(c: OnDemandCase, runtime: Runtime): string | undefined {
  return c.unavailable?.[runtime]
}

interface Seen {
  at: number
  kind: 'output' | 'package'
  package?: PackageProgress
}

/** Runs `c` and tells when each of its libraries loaded: before the code printed anything, or after. */
export async function runCase(sandbox: PythonSandbox, c: OnDemandCase, runtime: Runtime) {
  if (c.files) await sandbox.putFiles(Object.entries(c.files).map(([name, text]) => ({ name, data: new TextEncoder().encode(text) })))
  const seen: Seen[] = []
  const offPackage = sandbox.on('package', (event) => seen.push({ at: performance.now(), kind: 'package', package: event }))
  const offOutput = sandbox.on('output', () => seen.push({ at: performance.now(), kind: 'output' }))
  const result = await sandbox.run(c.code, { timeoutMs: 60_000 })
  offPackage()
  offOutput()
  const firstOutput = seen.findIndex((s) => s.kind === 'output')
  const loads = c.loads.map((key) => {
    const events = seen.filter((s) => s.package?.name === key)
    const started = events.find((s) => s.package!.state === 'loading')
    const ended = events.find((s) => s.package!.state !== 'loading')
    const afterOutput = firstOutput >= 0 && seen.indexOf(started ?? ended!) > firstOutput
    return { key, state: ended?.package?.state, ms: started && ended ? ended.at - started.at : 0, via: afterOutput ? 'hook' : 'fast path' }
  })
  for (const load of loads) console.log(`[on-demand ${runtime}] ${c.name}: ${load.key} ${load.state ?? 'not loaded'} by the ${load.via} in ${Math.round(load.ms)} ms`)
  return { result, loads }
}

/**
 * One test per case, each on `sandbox()`: the output and images the code makes
 * anywhere else, and for the hook cases, a load while the code ran.
 */
export function testCases(cases: readonly OnDemandCase[], runtime: Runtime, sandbox: () => PythonSandbox): void {
  for (const c of cases) {
    const reason = skipReason(c, runtime) ?? (HOOK_CASES.includes(c) && !CAN_PAUSE_CODE ? NO_JSPI : undefined)
    test.skipIf(reason !== undefined)(`${c.name}${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      const { result, loads } = await runCase(sandbox(), c, runtime)
      expect(result.error).toBeUndefined()
      expect(result.output).toBe(c.output)
      expect(result.images).toHaveLength(c.images ?? 0)
      // A library an earlier case loaded has no load to report; the others loaded.
      for (const load of loads) expect(load.state === 'loaded' || load.state === undefined).toBe(true)
      if (HOOK_CASES.includes(c)) expect(loads[0]).toMatchObject({ state: 'loaded', via: 'hook' })
    })
  }
}
