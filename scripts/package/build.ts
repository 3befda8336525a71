/**
 * Builds the published package into `lib/` (run by `npm run build:package`
 * and by `prepack`, so `npm pack` of a clean checkout ships it):
 *
 *   lib/index.js, lib/sandbox-api.js, …   the library: ES modules, one per source module, for tree-shaking
 *   lib/python-sandbox/worker.<hash>.js   the sandbox worker in one file, Python helpers included
 *   lib/templates/                        the frame page's script, the service worker and the package tables, for the plugin and the CLI
 *   lib/node/vite.js, lib/node/cli.js     the Vite plugin and the command line (copy-assets, vendor), plain JavaScript for Node
 *   lib/types/                            declarations
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'
import { frameScript, writeServiceWorker } from '../sandbox-assets.ts'
import { packageVariants, rawText } from './rolldown-plugins.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LIB = join(ROOT, 'lib')
const at = (path: string) => join(ROOT, path)

/** What the library leaves to the app's bundler: its dependencies and peers. */
const LIBRARY_EXTERNAL = [/^comlink(\/|$)/, /^@google\/genai(\/|$)/, /^pyodide(\/|$)/]
/** What the Node side may import at run time: Node itself. Anything else would have to be a dependency. */
const NODE_EXTERNAL = [/^node:/]

export async function buildPackage(): Promise<void> {
  rmSync(LIB, { recursive: true, force: true })
  const workerPath = await buildWorker()
  const define = { __SANDBOX_WORKER_PATH__: JSON.stringify(workerPath) }

  await build({
    input: { index: at('src/index.ts'), 'sandbox-api': at('src/sandbox-api.ts') },
    platform: 'browser',
    external: LIBRARY_EXTERNAL,
    plugins: [packageVariants()],
    transform: { define },
    output: {
      dir: LIB,
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: at('src'),
      // `libraries.json` becomes a module beside `libraries.ts`: keep both names readable.
      entryFileNames: (chunk) => (chunk.facadeModuleId?.endsWith('.json') ? '[name].json.js' : '[name].js'),
    },
  })

  const node = await build({
    input: { vite: at('scripts/vite-plugin.ts'), cli: at('scripts/cli.ts') },
    platform: 'node',
    external: NODE_EXTERNAL,
    plugins: [packageVariants()],
    transform: { define },
    output: { dir: join(LIB, 'node'), format: 'es', entryFileNames: '[name].js', chunkFileNames: 'shared.js' },
  })
  // The plugin must load in a user's app with only our dependencies installed: no TypeScript, Vite internals or Workbox.
  const bundled = node.output.flatMap((file) => (file.type === 'chunk' ? file.moduleIds : [])).filter((id) => id.includes('node_modules'))
  if (bundled.length > 0) throw new Error(`lib/node would carry third-party code: ${bundled.join(', ')}`)

  mkdirSync(join(LIB, 'templates'), { recursive: true })
  writeFileSync(join(LIB, 'templates/frame-script.js'), `${frameScript()}\n`)
  await writeServiceWorker(join(LIB, 'templates'), 'sw.js')
  // What `pyodide-code-execution vendor` reads.
  for (const file of ['libraries.json', 'pypi-lock.json']) copyFileSync(at(`src/packages/${file}`), join(LIB, 'templates', file))
  copyFileSync(at('scripts/vendor/compile_wheel.py'), join(LIB, 'templates', 'compile_wheel.py'))

  buildDeclarations()
}

/** The worker as one ES module (comlink and the `.py` helpers inside); returns its path under `lib/`. */
async function buildWorker(): Promise<string> {
  const output = await build({
    input: at('worker/main.ts'),
    platform: 'browser',
    plugins: [rawText()],
    output: { dir: join(LIB, 'python-sandbox'), format: 'es', entryFileNames: 'worker.[hash].js', minify: true, codeSplitting: false },
  })
  const [chunk, ...more] = output.output
  if (!chunk || more.length > 0) throw new Error(`the worker should build into one file, got ${output.output.map((file) => file.fileName).join(', ')}`)
  return `python-sandbox/${chunk.fileName}`
}

/**
 * `tsc` writes the declarations with the sources' `.ts` specifiers; Node 16
 * resolution wants the `.js` the files are published as. The `.mjs` modules'
 * hand-written `.d.mts` files are copied beside them.
 */
function buildDeclarations(): void {
  execFileSync(process.execPath, [at('node_modules/typescript/bin/tsc'), '-p', at('tsconfig.build.json')], { stdio: 'inherit' })
  const types = join(LIB, 'types')
  copyFileSync(at('src/packages/lock-core.d.mts'), join(types, 'src/packages/lock-core.d.mts'))
  for (const file of listFiles(types)) {
    if (!/\.d\.m?ts$/.test(file)) continue
    const text = readFileSync(file, 'utf8')
    const rewritten = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3')
    if (rewritten !== text) writeFileSync(file, rewritten)
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}
