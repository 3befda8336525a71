// The core files of a distribution made from a release folder: pyodide.mjs,
// the Emscripten module, the wasm binary and the standard library, copied
// beside the packages so the output folder follows Pyodide's indexURL
// convention and can be served as one distribution.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CORE_FILES } from './release-folder.mjs'
import { hasFileWithHash, exists, placeFile } from './store.mjs'
import { sha256File } from './http.mjs'

/** The Pyodide version a core folder holds, read from pyodide.mjs (every release names it there), or undefined. */
export async function coreVersion(dir) {
  try {
    const text = await readFile(join(dir, 'pyodide.mjs'), 'utf8')
    return /(?:var|const|let) \w+="(\d+\.\d+\.\d+[\w.]*)";/.exec(text)?.[1]
  } catch {
    return undefined
  }
}

/**
 * Copies the core of Pyodide `version` from the first of `dirs` that holds it
 * into `out`. Returns where it came from, and `missing` core files (or a
 * reason) when no folder holds a core of that version.
 */
export async function copyCore({ dirs, version, out }) {
  const seen = []
  for (const dir of dirs.filter((d) => d !== undefined)) {
    const found = await coreVersion(dir)
    if (found === undefined) continue
    if (found !== version) {
      seen.push(`${dir} holds the core of Pyodide ${found}`)
      continue
    }
    const names = (await exists(join(dir, 'pyodide.asm.mjs'))) ? CORE_FILES.modern : CORE_FILES.classic
    const missing = []
    for (const name of names) {
      const source = join(dir, name)
      if (!(await exists(source))) {
        missing.push(name)
        continue
      }
      const target = join(out, name)
      if (!(await hasFileWithHash(target, await sha256File(source)))) await placeFile(target, source)
    }
    return { dir, files: names.filter((n) => !missing.includes(n)), missing }
  }
  const why = seen.length > 0 ? `; ${seen.join('; ')}` : ''
  return { dir: undefined, files: [], missing: [`the core of Pyodide ${version} (pyodide.mjs and the rest): pass --core DIR, e.g. the npm package pyodide@${version}${why}`] }
}
