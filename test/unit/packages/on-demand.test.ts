import { describe, expect, test } from 'vitest'
import { findImports } from '../../../src/packages/find-imports.ts'
import { ON_DEMAND_RULES, onDemandImports } from '../../../src/packages/on-demand.ts'

/** What the fast path adds for `code`, given its own imports as the loader finds them. */
const extra = (code: string) => onDemandImports(code, findImports(code))

describe('onDemandImports', () => {
  // Each row: realistic model code, and the libraries pandas, seaborn, matplotlib or sympy import inside it.
  const CASES: [string, string, string[]][] = [
    ['to_markdown', 'import pandas as pd\ndf = pd.DataFrame({"a": [1]})\nprint(df.to_markdown(index=False))', ['tabulate']],
    ['read_excel', 'import pandas as pd\ndf = pd.read_excel("sales.xlsx")', ['openpyxl']],
    ['to_excel', 'import pandas as pd\npd.DataFrame({"a": [1]}).to_excel("out.xlsx")', ['openpyxl']],
    ['xlsxwriter engine', 'import pandas as pd\nwith pd.ExcelWriter("o.xlsx", engine="xlsxwriter") as w: pass', ['openpyxl', 'xlsxwriter']],
    ['legacy .xls', 'import pandas as pd\npd.read_excel("old.xls")', ['openpyxl', 'xlrd']],
    ['df.plot', 'import pandas as pd\ndf.plot(x="a", y="b")', ['matplotlib']],
    ['df.plot.bar', 'import pandas as pd\ndf.plot.bar()', ['matplotlib']],
    ['df.hist', 'import pandas as pd\ndf.hist(bins=10)', ['matplotlib']],
    ['background_gradient', 'import pandas as pd\nhtml = df.style.background_gradient().to_html()', ['jinja2', 'matplotlib']],
    ['Styler.to_html', 'import pandas as pd\nhtml = df.style.highlight_max().to_html()', ['jinja2']],
    ['to_latex', 'import pandas as pd\nprint(df.to_latex())', ['jinja2']],
    ['read_xml', 'import pandas as pd\ndf = pd.read_xml("books.xml")', ['lxml']],
    ['clustermap', 'import seaborn as sns\nsns.clustermap(df.corr())', ['scipy']],
    ['lowess', 'import seaborn as sns\nsns.regplot(x="a", y="b", data=df, lowess=True)', ['statsmodels']],
    ['imsave', 'import matplotlib.pyplot as plt\nplt.imsave("a.png", arr)', ['PIL']],
    ['savefig jpg', 'import matplotlib.pyplot as plt\nplt.savefig("chart.jpg")', ['PIL']],
    ['a PNG needs nothing more', 'import matplotlib.pyplot as plt\nplt.savefig("chart.png")', []],
    ['sympy.plot', 'import sympy as sp\nx = sp.symbols("x")\nsp.plot(x**2)', ['matplotlib']],
    ['from sympy import plot', 'from sympy import symbols, plot\nx = symbols("x")\nplot(x**2, (x, -2, 2))', ['matplotlib']],
  ]

  test.each(CASES)('%s', (_name, code, expected) => {
    expect(extra(code)).toEqual(expected)
  })

  test('adds nothing when the library that imports on demand is not imported', () => {
    expect(extra('print(df.to_markdown())')).toEqual([])
    expect(extra('import numpy as np\nnp.histogram(x)\nresult.plot()')).toEqual([])
  })

  test('adds nothing the code already imports', () => {
    expect(extra('import pandas as pd\nimport matplotlib.pyplot as plt\ndf.plot()')).toEqual([])
    expect(extra('import pandas as pd, tabulate\nprint(df.to_markdown())')).toEqual([])
  })

  test('plain pandas code needs nothing more', () => {
    expect(extra('import pandas as pd\ndf = pd.read_csv("a.csv")\nprint(df.describe())\ndf.to_csv("b.csv")\nprint(df.to_html())')).toEqual([])
  })

  test('every rule says why and names what imports', () => {
    for (const rule of ON_DEMAND_RULES) {
      expect(rule.why.length).toBeGreaterThan(0)
      expect(rule.importers.length).toBeGreaterThan(0)
      expect(rule.imports.length).toBeGreaterThan(0)
    }
  })
})
