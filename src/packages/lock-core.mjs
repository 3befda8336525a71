// Pure lockfile helpers shared by the browser code (through lock-core.d.mts)
// and by scripts/vendor.mjs, which runs on plain Node 20 and cannot import
// TypeScript. Keep this file free of Node and DOM APIs.

export const PYODIDE_VERSION = '314.0.7'
export const DEFAULT_CDN_URL = `https://cdn.jsdelivr.net/pyodide/v${PYODIDE_VERSION}/full/`

/** PEP 503 normalisation; the same rule Pyodide uses for lockfile keys. */
export function canonicalizeName(name) {
  return name.replace(/[-_.]+/g, '-').toLowerCase()
}

/** Pyodide fetches a file_name as-is when it is absolute in this sense. */
export function isAbsoluteFileName(fileName) {
  return fileName.includes('://') || fileName.startsWith('/')
}

/**
 * The roots plus every package they depend on, as canonical lockfile keys,
 * sorted. Throws on a name the lock does not know, because a silently
 * dropped dependency would only surface as a confusing ImportError later.
 */
export function dependencyClosure(packages, roots) {
  const seen = new Set()
  const stack = roots.map((root) => ({ name: root, via: undefined }))
  while (stack.length > 0) {
    const { name, via } = stack.pop()
    const key = canonicalizeName(name)
    if (seen.has(key)) continue
    const entry = packages[key]
    if (entry === undefined) {
      throw new Error(via === undefined ? `No package named '${name}' in the lock` : `No package named '${name}' in the lock (needed by ${via})`)
    }
    seen.add(key)
    for (const dep of entry.depends) stack.push({ name: dep, via: key })
  }
  return [...seen].sort()
}

/**
 * The entries of `packages` whose dependencies are all there, transitively,
 * and for each dropped entry the first dependency it lacks. A lock must never
 * offer a package that cannot load: jinja2 without markupsafe installs, then
 * fails on import.
 */
export function withCompleteDependencies(packages) {
  const kept = { ...packages }
  const dropped = new Map()
  for (let changed = true; changed; ) {
    changed = false
    for (const [key, entry] of Object.entries(kept)) {
      const missing = entry.depends.find((dep) => kept[canonicalizeName(dep)] === undefined)
      if (missing === undefined) continue
      delete kept[key]
      dropped.set(key, dropped.has(canonicalizeName(missing)) ? `${missing} (${dropped.get(canonicalizeName(missing))})` : missing)
      changed = true
    }
  }
  return { packages: kept, dropped }
}

/**
 * Pyodide's lock with our PyPI extras added and every relative file_name
 * turned into an absolute URL on the CDN, so the result loads online without
 * a mirror. Extras keep the file_name from our lock: an absolute PyPI URL,
 * or a relative name for wheels that exist only once vendored.
 */
export function onlineLock(pyodideLock, extras, cdnUrl = DEFAULT_CDN_URL) {
  const base = cdnUrl.endsWith('/') ? cdnUrl : `${cdnUrl}/`
  const packages = {}
  for (const [key, entry] of Object.entries(pyodideLock.packages)) {
    packages[key] = isAbsoluteFileName(entry.file_name) ? entry : { ...entry, file_name: base + entry.file_name }
  }
  for (const [key, entry] of Object.entries(extras.packages)) {
    if (packages[key] !== undefined) throw new Error(`PyPI extra '${key}' is already in Pyodide's lock`)
    packages[key] = toLockEntry(entry)
  }
  return { ...pyodideLock, packages }
}

/**
 * Standard-library modules a pinned PyPI library imports at import time, which
 * releases before 0.28 ship as separate packages (`package_type:
 * "cpython_module"`) rather than in the standard library zip. fpdf2 imports
 * urllib.request.HTTPSHandler, which exists only when ssl imports.
 */
export const STDLIB_NEEDS = Object.freeze({ fpdf2: ['ssl'] })

/** Whether a release keeps ssl and friends out of its standard library zip (Pyodide before 0.28). */
export function unvendorsStdlib(lock) {
  const [major = 0, minor = 0] = String(lock.info?.version ?? '').split('.').map(Number)
  return lock.info?.version !== undefined && major === 0 && minor < 28
}

/** `lock` with STDLIB_NEEDS added to `depends` where the release unvendors those modules. */
export function withStdlibNeeds(lock) {
  if (!unvendorsStdlib(lock)) return lock
  const packages = { ...lock.packages }
  for (const [key, needs] of Object.entries(STDLIB_NEEDS)) {
    const entry = packages[key]
    if (entry !== undefined) packages[key] = { ...entry, depends: [...new Set([...entry.depends, ...needs])] }
  }
  return { ...lock, packages }
}

/** An extras-lock entry reduced to the fields Pyodide's LockfilePackage defines. */
export function toLockEntry(extra) {
  return {
    name: extra.name,
    version: extra.version,
    file_name: extra.file_name,
    install_dir: 'site',
    sha256: extra.sha256,
    package_type: 'package',
    imports: extra.imports,
    depends: extra.depends,
  }
}
