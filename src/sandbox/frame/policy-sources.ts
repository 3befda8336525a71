/**
 * What the sandbox worker may load by itself: the script sources the frame
 * writes into its narrowed Content-Security-Policy.
 *
 * It may connect nowhere (`connect-src 'none'`): every file it needs comes
 * through the main thread's asset relay, which serves named files only
 * (`asset-allow-list.ts`). A CSP source can name exact files, but its path
 * check decodes `%2F` inside a segment (so `/pyodide/..%2fx` matches
 * `/pyodide/`), and after a redirect it checks no path at all: allowing no
 * direct request is the only narrowing that cannot be bent.
 */

export interface PolicySources {
  /** URL prefixes the worker may import modules from, besides `blob:`. */
  scriptSrc: string[]
}

export interface PolicyInputs {
  /** The app's origin, e.g. `https://app.example`. */
  origin: string
  /** The Vite dev server serves the worker as a graph of modules it imports itself. */
  dev: boolean
}

/** Where the Vite dev server serves the worker's module graph from. */
const DEV_MODULE_ROOTS = ['/@vite/', '/@id/', '/@fs/', '/node_modules/', '/src/', '/worker/']

/**
 * A build's worker arrives as code with the start message and imports Pyodide
 * from blobs of relayed bytes: it needs no script source but `blob:`.
 */
export function sandboxPolicySources({ origin, dev }: PolicyInputs): PolicySources {
  return { scriptSrc: dev ? DEV_MODULE_ROOTS.map((root) => `${origin}${root}`) : [] }
}
