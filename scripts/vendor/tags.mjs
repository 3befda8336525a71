// Which wheel files a Pyodide release can install. Pyodide 314 is CPython 3.14
// on Emscripten with ABI 2026_0; PEP 783 spells that platform
// `pyemscripten_2026_0_wasm32`. Pyodide's own builds used `pyodide_<abi>_wasm32`
// before PEP 783 was accepted; it is the same ABI, so we accept it too.
// Older releases (0.27: CPython 3.12, ABI 2024_0) pass their own numbers.

export const PYTHON_MINOR = 14

/** The CPython minor version a lock's `info.python` names ("3.12.7" → 12), or PYTHON_MINOR. */
export function pythonMinorOf(lockInfo) {
  const match = /^3\.(\d+)/.exec(lockInfo?.python ?? '')
  return match === null ? PYTHON_MINOR : Number(match[1])
}

export function platformTags(abiVersion) {
  return [`pyemscripten_${abiVersion}_wasm32`, `pyodide_${abiVersion}_wasm32`]
}

/** Splits a wheel file name into its PEP 427 parts, or undefined when it is not a wheel. */
export function parseWheelName(fileName) {
  if (!fileName.endsWith('.whl')) return undefined
  const parts = fileName.slice(0, -4).split('-')
  if (parts.length !== 5 && parts.length !== 6) return undefined
  const [distribution, version] = parts
  const [python, abi, platform] = parts.slice(-3)
  return { distribution, version, python: python.split('.'), abi: abi.split('.'), platform: platform.split('.') }
}

/**
 * How well a wheel fits Pyodide, or 0 when it cannot load: 3 for a wheel
 * built for exactly this interpreter, 2 for a stable-ABI (abi3) build, 1 for
 * pure Python. Higher wins because a compiled build is the one upstream
 * tests on this platform.
 */
export function wheelScore(fileName, abiVersion, pythonMinor = PYTHON_MINOR) {
  const wheel = parseWheelName(fileName)
  if (wheel === undefined) return 0
  const wasm = platformTags(abiVersion)
  let best = 0
  for (const python of wheel.python) {
    for (const abi of wheel.abi) {
      for (const platform of wheel.platform) {
        best = Math.max(best, tagScore(python, abi, platform, wasm, pythonMinor))
      }
    }
  }
  return best
}

function tagScore(python, abi, platform, wasmPlatforms, pythonMinor) {
  if (platform === 'any') {
    if (abi !== 'none') return 0
    return isPurePythonTag(python, pythonMinor) ? 1 : 0
  }
  if (!wasmPlatforms.includes(platform)) return 0
  if (python === `cp3${pythonMinor}` && abi === `cp3${pythonMinor}`) return 3
  const minor = cpythonMinor(python)
  if (abi === 'abi3' && minor !== undefined && minor <= pythonMinor) return 2
  return 0
}

function isPurePythonTag(python, pythonMinor) {
  if (python === 'py3') return true
  const match = /^py3(\d+)$/.exec(python)
  return match !== null && Number(match[1]) <= pythonMinor
}

function cpythonMinor(python) {
  const match = /^cp3(\d+)$/.exec(python)
  return match === null ? undefined : Number(match[1])
}

/** PEP 440-ish comparison good enough to match a pinned version against a file name. */
export function sameVersion(a, b) {
  const norm = (v) => v.toLowerCase().replace(/[-_]/g, '.').replace(/^v/, '')
  return norm(a) === norm(b)
}
