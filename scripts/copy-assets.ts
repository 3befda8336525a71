/**
 * `npx pyodide-code-execution copy-assets <dir>`: the sandbox's files for
 * apps that do not use Vite, written into the folder a bundler or static host
 * serves as the site's root (or under `base`):
 *
 *   <dir>/pyodide/…               the Pyodide core, from node_modules/pyodide
 *   <dir>/sandbox-frame.html      the sandbox frame page
 *   <dir>/python-sandbox/worker.<hash>.js   the sandbox worker
 *   <dir>/_headers                the headers (Netlify / Cloudflare Pages format; see docs/deployment.md)
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { renderHeadersFile } from './isolation-headers.ts'
import { copyPyodideCore, PYODIDE_CORE_FILES } from './pyodide-assets.ts'
import { prebuiltWorker } from './sandbox-assets.ts'
import { SANDBOX_FRAME_FILE, sandboxFrameHtml } from './sandbox-frame.ts'

export interface CopyAssetsOptions {
  /** The URL path the folder is served at, as in the `_headers` file. Default: `'/'`. */
  base?: string
  /** Write `_headers`. Default: `true`. */
  headers?: boolean
}

/** Writes the sandbox's files into `dir`; returns their paths relative to it. */
export function copyAssets(dir: string, options: CopyAssetsOptions = {}): string[] {
  const worker = prebuiltWorker
  if (!worker) throw new Error('copy-assets serves the prebuilt worker of the published package: run `npm run build:package` first and use lib/node/cli.js')
  const base = normalizeBase(options.base ?? '/')
  const written: string[] = []
  const write = (path: string, put: (target: string) => void) => {
    const target = join(dir, path)
    mkdirSync(dirname(target), { recursive: true })
    put(target)
    written.push(path)
  }

  copyPyodideCore(dir)
  written.push(...PYODIDE_CORE_FILES.map((file) => `pyodide/${file}`))
  write(SANDBOX_FRAME_FILE, (target) => writeFileSync(target, sandboxFrameHtml()))
  removeOtherWorkers(join(dir, dirname(worker.path)), worker.path)
  write(worker.path, (target) => copyFileSync(worker.file, target))
  if (options.headers !== false) write('_headers', (target) => writeFileSync(target, renderHeadersFile(base)))
  return written
}

/** Workers of earlier versions: their names carry another hash, and nothing loads them any more. */
function removeOtherWorkers(folder: string, current: string): void {
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch {
    return
  }
  for (const name of names) {
    if (/^worker\.[\w-]+\.js$/.test(name) && !current.endsWith(`/${name}`)) rmSync(join(folder, name))
  }
}

function normalizeBase(base: string): string {
  if (!base.startsWith('/')) throw new TypeError(`base must be a URL path starting with "/", got ${JSON.stringify(base)}`)
  return base.endsWith('/') ? base : `${base}/`
}
