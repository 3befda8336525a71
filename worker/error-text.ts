/**
 * Text for anything thrown in the worker, so no failure crosses to the main
 * thread as "[object Object]".
 *
 * Emscripten's file-system errors are plain objects with an `errno`, not
 * `Error`s; comlink passes those on as data, and code run by Pyodide can throw
 * any value at all through its JS bridge.
 */

/** Errno number → name (`ENOENT`), from `pyodide.ERRNO_CODES`. */
export type ErrnoNames = ReadonlyMap<number, string>

export function errnoNames(codes: Readonly<Record<string, number>> | undefined): ErrnoNames {
  return new Map(Object.entries(codes ?? {}).map(([name, code]) => [code, name]))
}

const MAX_LENGTH = 2_000

/** A readable one-line description of a thrown value. */
export function errorText(thrown: unknown, errnos: ErrnoNames = new Map()): string {
  return clip(describe(thrown, errnos))
}

/** An `Error` carrying `errorText(thrown)`, fit to cross comlink with its message intact. */
export function asError(thrown: unknown, errnos?: ErrnoNames): Error {
  return thrown instanceof Error && thrown.message !== '' ? thrown : new Error(errorText(thrown, errnos))
}

function describe(thrown: unknown, errnos: ErrnoNames): string {
  if (thrown instanceof Error) return thrown.message || thrown.name || 'an error without a message'
  if (typeof thrown === 'string') return thrown || 'an empty error'
  if (typeof thrown === 'object' && thrown !== null) {
    const errno = (thrown as { errno?: unknown }).errno
    if (typeof errno === 'number') return `file-system error ${errnos.get(errno) ?? 'errno'} ${errno}`
    const message = (thrown as { message?: unknown }).message
    if (typeof message === 'string' && message !== '') return message
    try {
      const json = JSON.stringify(thrown)
      if (json !== undefined && json !== '{}') return `a thrown value: ${json}`
    } catch {
      // A cycle or a BigInt: fall through to the value's kind.
    }
    return `a thrown ${Object.prototype.toString.call(thrown).slice(8, -1)} object`
  }
  return `a thrown ${typeof thrown}: ${String(thrown)}`
}

function clip(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text
}
