/**
 * Serves the Pyodide core from our own origin, at `<base>pyodide/`.
 *
 * The files come from `node_modules/pyodide` (never a CDN, never committed):
 * the dev server (and Vitest's browser projects) serve them from there, and
 * `vite build` writes them into the build, so nothing lands in the app's
 * source tree. `copy-assets` copies them for hosts without Vite.
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

export const PYODIDE_CORE_FILES = [
  'pyodide.mjs',
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
] as const

const CONTENT_TYPES: Record<string, string> = {
  mjs: 'text/javascript; charset=utf-8',
  wasm: 'application/wasm',
  zip: 'application/zip',
  json: 'application/json',
}

function pyodidePackageDir(): string {
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('pyodide/package.json'))
}

/** Copies the core files that are missing or older than the installed package's into `<dir>/pyodide/`. */
export function copyPyodideCore(dir: string): void {
  const from = pyodidePackageDir()
  const to = join(dir, 'pyodide')
  mkdirSync(to, { recursive: true })
  for (const file of PYODIDE_CORE_FILES) {
    const source = join(from, file)
    const target = join(to, file)
    if (!existsSync(target) || statSync(target).mtimeMs < statSync(source).mtimeMs) {
      copyFileSync(source, target)
    }
  }
}

export function pyodideAssets(): Plugin {
  const from = pyodidePackageDir()
  let base = '/'
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const path = req.url?.split('?')[0] ?? ''
    const file = PYODIDE_CORE_FILES.find((name) => path === `${base}pyodide/${name}`)
    if (!file) return next()
    const source = join(from, file)
    res.setHeader('Content-Type', CONTENT_TYPES[file.split('.').at(-1)!]!)
    res.setHeader('Content-Length', statSync(source).size)
    res.setHeader('Cache-Control', 'no-cache')
    createReadStream(source).pipe(res)
  }
  return {
    name: 'pyodide-code-execution:pyodide-assets',
    configResolved(config) {
      base = config.base
    },
    configureServer(server) {
      server.middlewares.use(serve)
    },
    generateBundle() {
      for (const file of PYODIDE_CORE_FILES) {
        this.emitFile({ type: 'asset', fileName: `pyodide/${file}`, source: readFileSync(join(from, file)) })
      }
    },
  }
}
