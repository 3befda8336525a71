/**
 * The text of anything thrown, for a message a person or a model reads.
 *
 * Across a worker boundary comlink keeps only an Error's name and message; a
 * thrown non-Error arrives as a bare object, whose `String()` is
 * "[object Object]". This reads a `message` where there is one and shows the
 * value otherwise.
 *
 * @example
 * errorMessage(new TypeError('bad'))          // 'bad'
 * errorMessage({ message: 'gone', errno: 44 }) // 'gone'
 * errorMessage({ errno: 44 })                  // '{"errno":44}'
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error !== 'object' || error === null) return String(error)
  const message = (error as { message?: unknown }).message
  if (typeof message === 'string' && message !== '') return message
  try {
    const json = JSON.stringify(error)
    if (json !== undefined && json !== '{}') return json.length > 500 ? `${json.slice(0, 500)}…` : json
  } catch {
    // A cycle or a throwing getter: described below instead.
  }
  return `a thrown ${Object.prototype.toString.call(error).slice(8, -1)} with no message`
}
