/**
 * The e2e build's own public folder: Vite copies the Pyodide core into it, and
 * the setup vendors a small real mirror into its `packages/`, so the built
 * app's package path is tested on every machine without touching `public/`.
 */
export const E2E_PUBLIC_DIR = '.cache/e2e-public'
export const E2E_MIRROR_LOCK = `${E2E_PUBLIC_DIR}/packages/pyodide-lock.json`
/** Vendored from the real PyPI for the e2e build (cached in .cache/wheels). */
export const E2E_MIRROR_LIBRARIES = ['six', 'tabulate']
