/**
 * Libraries that other libraries import on demand, read from the code before
 * it runs: pandas imports tabulate only inside `to_markdown()`, matplotlib
 * only inside `plot()`, openpyxl only inside `read_excel()`. The code's own
 * `import` statements never name them, so without this table they would not
 * be loaded before the run (the import hook in the worker still loads them
 * during the run where the browser can block; this fast path makes the common
 * cases cost no pause in the run and work where it cannot).
 *
 * Each rule is a plain regular expression over the source, with no
 * quantifier that can run across a line, so the scan stays linear on any input. A match inside a string
 * or a comment only loads a package the run did not need: loading is outside
 * the deadline, and the lock decides what may load at all.
 *
 * @example
 * onDemandImports('import pandas as pd\nprint(df.to_markdown())', ['pandas']) // ['tabulate']
 */

/** One well-known on-demand use. */
export interface OnDemandRule {
  /** Top-level import names to load when the rule applies. */
  readonly imports: readonly string[]
  /** Matches the call or attribute that makes the library import them. */
  readonly use: RegExp
  /** The rule applies only when the code imports one of these (the library that does the importing). */
  readonly importers: readonly string[]
  /** What triggers the import, for maintainers and the tests. */
  readonly why: string
}

const PANDAS = ['pandas', 'geopandas', 'seaborn', 'statsmodels']

export const ON_DEMAND_RULES: readonly OnDemandRule[] = [
  { imports: ['tabulate'], use: /\.to_markdown\s*\(/, importers: PANDAS, why: 'DataFrame.to_markdown() imports tabulate' },
  {
    imports: ['openpyxl'],
    use: /\b(?:read_excel|to_excel|ExcelWriter|ExcelFile)\s*\(/,
    importers: PANDAS,
    why: 'pandas reads and writes .xlsx through openpyxl',
  },
  { imports: ['xlsxwriter'], use: /engine\s*=\s*["']xlsxwriter["']/, importers: PANDAS, why: "to_excel(engine='xlsxwriter')" },
  { imports: ['xlrd'], use: /\.xls["']/, importers: PANDAS, why: 'pandas reads legacy .xls files through xlrd' },
  {
    imports: ['matplotlib'],
    use: /\.(?:plot|hist|boxplot)\s*[.(]|\bscatter_matrix\s*\(|\.style\.(?:background_gradient|text_gradient)\s*\(/,
    importers: PANDAS,
    why: 'pandas plots and colour gradients import matplotlib on first use',
  },
  { imports: ['jinja2'], use: /\.style\b|\.to_latex\s*\(|\bStyler\b/, importers: PANDAS, why: "pandas' Styler (df.style, to_latex) renders through jinja2" },
  { imports: ['lxml'], use: /\b(?:read_xml|to_xml|read_html)\s*\(/, importers: PANDAS, why: 'pandas parses XML and HTML with lxml' },
  { imports: ['scipy'], use: /\b(?:clustermap|dendrogram)\s*\(/, importers: ['seaborn'], why: 'seaborn clusters with scipy' },
  { imports: ['statsmodels'], use: /\b(?:lowess|robust|logistic)\s*=\s*True\b/, importers: ['seaborn'], why: 'seaborn fits lowess, robust and logistic models with statsmodels' },
  { imports: ['PIL'], use: /\bimsave\s*\(|\.(?:jpe?g|webp|gif|tiff?)["']/, importers: ['matplotlib', 'pylab'], why: 'matplotlib writes these image formats with Pillow' },
  {
    imports: ['matplotlib'],
    use: /\bplot(?:_implicit|_parametric|3d(?:_\w+)?)?\s*\(/,
    importers: ['sympy'],
    why: 'sympy.plot draws with matplotlib',
  },
]

/**
 * The top-level import names `source` needs on demand, given the names its
 * own `import` statements bring in (`imported`, from findImports). Sorted;
 * none that `imported` already holds.
 */
export function onDemandImports(source: string, imported: readonly string[], rules: readonly OnDemandRule[] = ON_DEMAND_RULES): string[] {
  const have = new Set(imported)
  const wanted = new Set<string>()
  for (const rule of rules) {
    if (!rule.importers.some((name) => have.has(name))) continue
    if (rule.imports.every((name) => have.has(name) || wanted.has(name))) continue
    if (rule.use.test(source)) for (const name of rule.imports) if (!have.has(name)) wanted.add(name)
  }
  return [...wanted].sort()
}
