/**
 * The libraries the browser tests vendor from real PyPI: every listed library
 * PyPI serves in a form Pyodide 314 can load with no Pyodide-CDN dependency.
 * The scientific stack (numpy, pandas, matplotlib, scipy, scikit-learn) is
 * published only on the Pyodide CDN, which our machines cannot reach.
 */
export const TEST_MIRROR_LIBRARIES = [
  'attrs',
  'chess',
  'joblib',
  'mpmath',
  'openpyxl',
  'packaging',
  'protobuf',
  'pylatex',
  'pyparsing',
  'PyPDF2',
  'python-dateutil',
  'six',
  'striprtf',
  'sympy',
  'tabulate',
  'toolz',
  'xlrd',
] as const

/**
 * The libraries given bytecode bundles (scripts/vendor/bytecode.mjs), compiled
 * by the Pyodide 314 core in Node: enough to show the bundles load in each
 * browser (test/browser/packages/bytecode.test.ts) without compiling sympy's
 * thousand modules before every run. The rest import from source.
 */
export const BYTECODE_LIBRARIES = ['six', 'tabulate']

/** Where the tests serve the mirrors, relative to the test server's root. */
export const TEST_MIRROR_PATH = '/test-mirror/'
/** The same mirror with its wheels sent slowly, piece by piece, to prove downloads stream. */
export const SLOW_MIRROR_PATH = '/test-mirror-slow/'
/** The same mirror with one wheel's bytes changed, to prove corrupted wheels are refused. */
export const CORRUPT_MIRROR_PATH = '/test-mirror-corrupt/'
/** The wheel the corrupt mirror spoils. */
export const CORRUPTED_PACKAGE = 'six'
