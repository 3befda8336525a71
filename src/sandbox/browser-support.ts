/**
 * What the browser offers the sandbox, found once per page by looking for the
 * features themselves, never by the browser's name.
 *
 * Essential: without one of these Python cannot start, and `ready()` rejects
 * at once with a `SandboxStartError` naming what is missing (an old Safari,
 * say), instead of a start that waits out its time limit. Interrupts are not
 * essential: without a SharedArrayBuffer a run at its deadline is stopped by
 * replacing the worker (some WebKit builds report `crossOriginIsolated` and
 * still have none).
 */
export interface BrowserSupport {
  /** What the sandbox needs and this browser lacks, in words; empty when it can start. */
  missing: string[]
  /** A SharedArrayBuffer can be shared with the worker, so runs can be interrupted. */
  interrupts: boolean
}

/** The globals looked at: a page's `globalThis`, or a stand-in in tests. */
export type Scope = Partial<Record<string, unknown>>

const ESSENTIALS: [name: string, present: (scope: Scope) => boolean][] = [
  ['WebAssembly', ({ WebAssembly: wasm }) => typeof wasm === 'object' && wasm !== null && typeof (wasm as Scope).instantiate === 'function'],
  // Pyodide's WebAssembly passes 64-bit integers as BigInt, and throws WebAssembly exceptions.
  ['WebAssembly BigInt integration (BigInt64Array)', (scope) => typeof scope.BigInt64Array === 'function'],
  ['WebAssembly exception handling (WebAssembly.Exception)', ({ WebAssembly: wasm }) => typeof (wasm as Scope | undefined)?.Exception === 'function'],
  ['Web Workers', (scope) => typeof scope.Worker === 'function'],
  ['MessageChannel', (scope) => typeof scope.MessageChannel === 'function'],
  // The asset relay streams each file to the worker.
  ['streams (ReadableStream)', (scope) => typeof scope.ReadableStream === 'function'],
  ['Blob URLs', (scope) => typeof scope.Blob === 'function' && typeof (scope.URL as Scope | undefined)?.createObjectURL === 'function'],
]

/** What `scope` offers. Pure; `browserSupport()` is this page's, found once. */
export function detectSupport(scope: Scope): BrowserSupport {
  return {
    missing: ESSENTIALS.filter(([, present]) => !safely(() => present(scope))).map(([name]) => name),
    interrupts: scope.crossOriginIsolated === true && typeof scope.SharedArrayBuffer === 'function' && typeof scope.Atomics === 'object',
  }
}

let found: BrowserSupport | undefined

export function browserSupport(): BrowserSupport {
  found ??= detectSupport(globalThis as unknown as Scope)
  return found
}

/** The reason a start fails at once, or undefined when the browser has everything essential. */
export function unsupportedReason(support = browserSupport()): string | undefined {
  return support.missing.length === 0 ? undefined : `this browser lacks ${support.missing.join(', ')}`
}

function safely(present: () => boolean): boolean {
  try {
    return present()
  } catch {
    return false
  }
}
