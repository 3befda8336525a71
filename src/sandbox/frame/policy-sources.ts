/**
 * What the sandbox worker may load: the URL prefixes the frame writes into its
 * narrowed Content-Security-Policy. Everything else, the app's own endpoints
 * and any API proxy included, is refused before a request leaves.
 */
import { DEFAULT_CDN_URL } from '../../packages/lock-core.mjs'

export interface PolicySources {
  connectSrc: string[]
  scriptSrc: string[]
}

export interface PolicyInputs {
  /** The app's origin, e.g. `https://app.example`. */
  origin: string
  /** Absolute URL of the worker module. */
  workerURL: string
  /** Pyodide core folder (absolute, ends with `/`). */
  indexURL: string
  /** Package mirror folder (absolute, ends with `/`). */
  packagesURL: string
  /** The Vite dev server serves modules from several roots rather than one `assets/` folder. */
  dev: boolean
  extraConnectSrc: string[]
}

/** PyPI's file host: pure-Python wheels the lock pins by sha256, when no mirror holds them. */
export const PYPI_FILES = 'https://files.pythonhosted.org/packages/'

/** Where the Vite dev server serves the worker's module graph from. */
const DEV_MODULE_ROOTS = ['/@vite/', '/@id/', '/@fs/', '/node_modules/', '/src/', '/worker/']

export function sandboxPolicySources(inputs: PolicyInputs): PolicySources {
  const { origin, workerURL, indexURL, packagesURL, dev, extraConnectSrc } = inputs
  const moduleRoots = dev ? DEV_MODULE_ROOTS.map((root) => `${origin}${root}`) : [folderOf(workerURL)]
  return {
    connectSrc: unique([indexURL, packagesURL, DEFAULT_CDN_URL, PYPI_FILES, ...extraConnectSrc]),
    scriptSrc: unique([...moduleRoots, indexURL]),
  }
}

function folderOf(url: string): string {
  return new URL('./', url).href
}

function unique(urls: string[]): string[] {
  return [...new Set(urls)]
}
