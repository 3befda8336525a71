// `npm run vendor -- --from DIR`: a local folder of one Pyodide release's files
// (an unpacked release tarball, or a partial copy of one) checked file by file
// against that release's lock before anything reaches the mirror. A file is
// taken only when the lock names it and its sha256 matches; a wheel of another
// release or another ABI is refused with the reason, because Pyodide itself
// would load it quietly and fail only at `import`.

import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalizeName } from '../../src/packages/lock-core.mjs'
import { sha256File } from './http.mjs'
import { parseWheelName, pythonMinorOf, sameVersion } from './tags.mjs'

/** The core of a Pyodide distribution: what `loadPyodide` fetches besides packages. */
export const CORE_FILES = Object.freeze({
  modern: ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'],
  // Releases before 0.28 ship the Emscripten module as a classic script.
  classic: ['pyodide.mjs', 'pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip'],
})

/** Files a release folder holds that are not packages: never judged against the lock's packages. */
const NOT_PACKAGES = /^(pyodide(\.asm)?\.(m?js|wasm|d\.ts)(\.map)?|python_stdlib\.zip|pyodide-lock\.json|package\.json|ffi\.d\.ts|console(-v2)?\.html|README(\.md)?|LICENSE.*)$/i

const PLATFORM = /^(?:pyodide|pyemscripten)_(\d+_\d+)_wasm32$/

/**
 * Why a file the lock does not name cannot be this release's, in words a
 * user can act on.
 */
export function whyNotInRelease(fileName, lock) {
  const { info } = lock
  const release = `Pyodide ${info.version ?? 'release'} (Python ${info.python}, ABI ${info.abi_version})`
  const wheel = parseWheelName(fileName)
  if (wheel !== undefined) {
    const abi = wheel.platform.map((p) => PLATFORM.exec(p)?.[1]).find((a) => a !== undefined)
    if (abi !== undefined && abi !== info.abi_version) return `built for ABI ${abi}, but ${release} needs ABI ${info.abi_version}: a wheel of another ABI loads quietly and fails at import`
    const minor = pythonMinorOf(info)
    const cp = wheel.python.map((t) => /^cp3(\d+)$/.exec(t)?.[1]).find((m) => m !== undefined)
    if (cp !== undefined && Number(cp) !== minor && !wheel.abi.includes('abi3')) return `built for CPython 3.${cp}, but ${release} runs Python 3.${minor}`
    const entry = lock.packages[canonicalizeName(wheel.distribution)]
    if (entry !== undefined && !sameVersion(entry.version, wheel.version)) return `from another release: ${release} pins ${entry.name} ${entry.version} (${entry.file_name})`
  }
  return `not a file of ${release}: its lock names no such file`
}

/** Refuses a folder whose own lock belongs to another release than the lock we check against. */
export async function checkFolderLock(folder, lock) {
  let own
  try {
    own = JSON.parse(await readFile(join(folder, 'pyodide-lock.json'), 'utf8'))
  } catch {
    return undefined
  }
  if (own?.info?.version !== lock.info.version || own?.info?.abi_version !== lock.info.abi_version) {
    return `${folder} holds the lock of Pyodide ${own?.info?.version} (ABI ${own?.info?.abi_version}), but its files are checked against Pyodide ${lock.info.version} (ABI ${lock.info.abi_version}): pass that release's lock with --pyodide-lock`
  }
  return undefined
}

/**
 * Every package file in `folder`, judged against `lock`: `accepted` maps a
 * lock key to the file's path; `refused` lists each other file with the reason.
 */
export async function scanReleaseFolder(folder, lock) {
  const byFileName = new Map(Object.entries(lock.packages).map(([key, entry]) => [entry.file_name, key]))
  const accepted = new Map()
  const refused = []
  for (const name of (await readdir(folder)).sort()) {
    const path = join(folder, name)
    if (NOT_PACKAGES.test(name) || !(await stat(path)).isFile()) continue
    const key = byFileName.get(name)
    if (key === undefined) {
      refused.push({ file: name, reason: whyNotInRelease(name, lock) })
      continue
    }
    const expected = lock.packages[key].sha256
    const actual = await sha256File(path)
    if (actual !== expected) refused.push({ file: name, reason: `sha256 ${actual} does not match ${expected} in the lock of Pyodide ${lock.info.version}: the file is corrupted or was replaced` })
    else accepted.set(key, path)
  }
  return { accepted, refused }
}
