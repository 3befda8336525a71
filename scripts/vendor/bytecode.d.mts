/** Types for bytecode.mjs, for the tests. */
export const BUNDLE_SUFFIX: string

export interface WheelToCompile {
  /** The lock key. */
  key: string
  /** The wheel's file name in `out`. */
  fileName: string
  sha256: string
}

export interface CompiledBytecode {
  /** The lock's `bytecode` field, per lock key. */
  entries: Map<string, { file_name: string; sha256: string }>
  /** Bundles compiled in this call (the rest came from the cache). */
  compiled: number
  /** Which bundles could not be made, and why. */
  skipped?: string
}

export function compileBytecode(options: {
  wheels: readonly WheelToCompile[]
  out: string
  coreDir: string
  version: string
  cacheDir: string | null
  /** compile_wheel.py; default: the one beside bytecode.mjs. */
  compilerSource?: string
}): Promise<CompiledBytecode>
