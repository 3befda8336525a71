/**
 * Serves the Pyodide core from our own origin.
 *
 * The files come from `node_modules/pyodide` (never a CDN, never committed):
 * they are copied into `public/pyodide/` when Vite starts, so the dev server,
 * `vite preview` and `vite build` all serve them at `<base>pyodide/`.
 */
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
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

function pyodidePackageDir(): string {
  const require = createRequire(import.meta.url)
  return dirname(require.resolve('pyodide/package.json'))
}

/** Copies the core files that are missing or older than the installed package's. */
export function copyPyodideCore(publicDir: string): void {
  const from = pyodidePackageDir()
  const to = join(publicDir, 'pyodide')
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
  return {
    name: 'pyodide-code-execution:pyodide-assets',
    configResolved(config) {
      if (config.publicDir) copyPyodideCore(config.publicDir)
    },
  }
}
