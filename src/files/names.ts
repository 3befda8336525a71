/**
 * Checks the name a file will have in the Python working directory.
 *
 * Names are relative paths below the working directory: `data.csv` or
 * `inputs/data.csv`. Anything that could land elsewhere (absolute paths,
 * `..`, drive letters, backslashes) is refused rather than "fixed", so a
 * caller never wonders where a file went.
 */
/** Where the code runs and where files go: Pyodide's home directory. */
export const WORKING_DIRECTORY = '/home/pyodide'

export class SandboxFileError extends Error {
  override readonly name = 'SandboxFileError' as const
}

const MAX_NAME_LENGTH = 255

export function checkFileName(name: string): string {
  const refuse = (why: string) => {
    throw new SandboxFileError(`File name ${JSON.stringify(name)} is not allowed: ${why}.`)
  }
  if (typeof name !== 'string' || name.trim() === '') refuse('it is empty')
  if (name.length > MAX_NAME_LENGTH) refuse(`it is longer than ${MAX_NAME_LENGTH} characters`)
  if (name.includes('\0')) refuse('it contains a NUL character')
  if (name.includes('\\')) refuse('use "/" to separate folders')
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) refuse('it must be relative to the working directory')
  const segments = name.split('/')
  if (segments.some((segment) => segment === '..')) refuse('it must not leave the working directory ("..")')
  if (segments.some((segment) => segment === '' || segment === '.')) refuse('it has an empty or "." folder name')
  return name
}
