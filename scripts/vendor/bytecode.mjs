// Bytecode bundles for a mirror's wheels.
//
// Wheels ship Python sources only, so the sandbox compiles every module the
// first time a run imports it: about half of `import pandas` and of
// `import matplotlib.pyplot` in the browser. The vendor compiles them once,
// with the distribution's own interpreter (its Pyodide core, run in Node),
// into one bundle per wheel, `<wheel>.pyc-bundle`, beside the wheel. The
// mirror's lock names each bundle and its sha256 (`bytecode` on the package's
// entry), and the worker writes the bundle's .pyc files next to the sources
// after the wheel installs (worker/bytecode.ts).
//
// The wheels themselves are untouched and still checked against the release's
// lock. The .pyc files are hash-checked: a module whose source differs from
// what was compiled is compiled again, so a bundle changes how fast a module
// imports, never what it does.
//
// Bundle format, gzip-compressed: "PYCB", a little-endian u32 header length,
// the header as JSON {"magic": hex, "files": [[path, size], ...]} with paths
// relative to site-packages, then the files' bytes in that order.

import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { exists, placeFile } from './store.mjs'

export const BUNDLE_SUFFIX = '.pyc-bundle'

/** The Python half, beside this file; the package's command line passes where it put its copy. */
const COMPILER_SOURCE = fileURLToPath(new URL('./compile_wheel.py', import.meta.url))

/** Starts the core in `coreDir` in Node, quietly, with the compiler loaded; `reason` when it cannot run here. */
async function startInterpreter(coreDir, compilerSource) {
  try {
    const { loadPyodide } = await import(pathToFileURL(join(coreDir, 'pyodide.mjs')).href)
    const py = await loadPyodide({ indexURL: `${coreDir.replace(/\/$/, '')}/`, stdout: () => {}, stderr: () => {} })
    const scope = py.toPy({})
    py.runPython(await readFile(compilerSource, 'utf8'), { globals: scope, filename: 'compile_wheel.py' })
    return { py, compileWheel: scope.get('compile_wheel') }
  } catch (error) {
    return { reason: `the core in ${coreDir} did not start in Node (${lastLine(error)})` }
  }
}

/**
 * Compiles each of `wheels` ({ key, fileName, sha256 }, files in `out`) into
 * `out/<fileName>.pyc-bundle` with the core in `coreDir` (release `version`).
 * Bundles are kept in `cacheDir` by core version and wheel sha256, so a
 * re-run starts no interpreter. Returns the lock's `bytecode` field per key,
 * and `skipped` saying which bundles could not be made and why.
 */
export async function compileBytecode({ wheels, out, coreDir, version, cacheDir, compilerSource = COMPILER_SOURCE }) {
  const entries = new Map()
  const cachePath = (wheel) => (cacheDir == null ? undefined : join(cacheDir, 'bytecode', version, `${wheel.sha256}${BUNDLE_SUFFIX}`))
  let interpreter
  let compiled = 0
  const failed = []
  for (const wheel of wheels) {
    const cached = cachePath(wheel)
    let bundle = cached !== undefined && (await exists(cached)) ? await readFile(cached) : undefined
    if (bundle === undefined) {
      interpreter ??= await startInterpreter(coreDir, compilerSource)
      if (interpreter.reason !== undefined) return { entries, compiled, skipped: interpreter.reason }
      const { py, compileWheel } = interpreter
      try {
        py.FS.writeFile('/tmp/wheel.whl', await readFile(join(out, wheel.fileName)))
        compileWheel('/tmp/wheel.whl', '/tmp/bundle')
        bundle = gzipSync(py.FS.readFile('/tmp/bundle'))
      } catch (error) {
        // Not a zip, say: the wheel's own install will tell; its sources compile in the browser as before.
        failed.push(`${wheel.fileName} (${lastLine(error)})`)
        continue
      }
      if (cached !== undefined) {
        await mkdir(dirname(cached), { recursive: true })
        await placeFile(cached, bundle)
      }
      compiled++
    }
    const fileName = `${wheel.fileName}${BUNDLE_SUFFIX}`
    await placeFile(join(out, fileName), bundle)
    entries.set(wheel.key, { file_name: fileName, sha256: createHash('sha256').update(bundle).digest('hex') })
  }
  return { entries, compiled, ...(failed.length > 0 ? { skipped: `could not compile ${failed.join(', ')}` } : {}) }
}

/** The last line of an error's message: Python's exception, not its traceback. */
function lastLine(error) {
  return String(error?.message ?? error).trim().split('\n').at(-1)
}
