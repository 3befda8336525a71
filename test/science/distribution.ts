/**
 * The Pyodide 0.27.7 distribution the science tests run on: the core from the
 * npm package `pyodide@0.27.7` (devDependency `pyodide-0.27.7`) and the
 * compiled scientific stack from `../shared/pyodide-dist/0.27.7`, checked file
 * by file against that release's lock by `npm run vendor -- --from`, plus the
 * pure-Python wheels the tests need from PyPI.
 */

/** The unmodified release files, read at test time and never copied into the repository. */
export const SHARED_RELEASE_DIR = '../shared/pyodide-dist/0.27.7'
/** The official lock of the release, from npm, that every shared file is checked against. */
export const RELEASE_LOCK = 'node_modules/pyodide-0.27.7/pyodide-lock.json'
/** Where the setup writes the whole distribution (core, lock, packages). */
export const DISTRIBUTION_DIR = '.cache/pyodide-0.27.7'
/** Where the test server serves it. */
export const DISTRIBUTION_PATH = '/pyodide-0.27.7/'

/**
 * What the tests import on 0.27.7: the compiled stack from the shared folder
 * (sqlite3 is a standard-library module 0.27 ships apart), the rest from PyPI.
 * Not fpdf2: on 0.27 it needs the ssl package and openssl, which only the
 * Pyodide CDN publishes, so this distribution cannot offer it; nor jinja2
 * (markupsafe) or lxml, compiled packages the shared folder does not hold.
 */
export const DISTRIBUTION_LIBRARIES = [
  'numpy',
  'pandas',
  'matplotlib',
  'scipy',
  'scikit-learn',
  'pillow',
  'seaborn',
  'reportlab',
  'imageio',
  'sympy',
  'sqlite3',
  // What pandas imports on demand (test/science/on-demand.test.ts); pure Python, from PyPI.
  'tabulate',
  'openpyxl',
  'xlrd',
] as const

/**
 * The libraries whose wheels get bytecode bundles (scripts/vendor/bytecode.mjs):
 * the chart path the preload and bytecode tests measure. Compiling the whole
 * distribution takes about 50 s in Node on a 2-core machine, before any test
 * can start; scipy, scikit-learn and the rest import from source, as they do
 * from a mirror vendored with --no-bytecode.
 */
export const BYTECODE_LIBRARIES = ['pandas', 'matplotlib']

/** Gemini's own code-execution outputs (see its README), read at test time. */
export const CONFORMANCE_DIR = '../shared/gemini-conformance'
export const CONFORMANCE_PATH = '/gemini-conformance/'
