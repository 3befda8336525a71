/**
 * The text that tells the model what the local Python tool really is.
 *
 * The model writes better code when the description is true: which Python,
 * which libraries (it must not assume numpy is there when it is not), which
 * files it can open, how long a run may take, that there is no network, and
 * that only printed output comes back.
 */

export interface LibraryInfo {
  name: string
  version?: string
}

import type { FileDescription } from '../executor.ts'

/** What the sandbox offers. Everything is optional; defaults describe a bare Python. */
export interface EnvironmentDescription {
  /** Default `'3.14'`. */
  pythonVersion?: string
  /** Importable third-party libraries. Default: none (standard library only). */
  libraries?: ReadonlyArray<string | LibraryInfo>
  /** Files in the working directory the code can read, by name or with what the model may see of them. Default: none. */
  files?: ReadonlyArray<string | FileDescription>
  /** Shown when there are files, e.g. `'/home/pyodide'`. */
  workingDirectory?: string
  /** Whether variables survive between calls in one conversation. Default true. */
  statePersists?: boolean
}

export const DEFAULT_PYTHON_VERSION = '3.14'

function libraryName(library: string | LibraryInfo): string {
  return typeof library === 'string' ? library : library.name
}

function formatLibrary(library: string | LibraryInfo): string {
  if (typeof library === 'string') return library
  return library.version ? `${library.name} ${library.version}` : library.name
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000
  return Number.isInteger(seconds) ? `${seconds} seconds` : `${seconds.toFixed(1)} seconds`
}

function fileLabel(file: string | FileDescription): string {
  if (typeof file === 'string') return file
  return `${file.name} (${formatSize(file.size)})`
}

/** The content the privacy setting lets the model see, as a fenced block after the description. */
function fileContent(file: string | FileDescription): string[] {
  if (typeof file === 'string' || file.content === undefined) return []
  const what = file.partial ? `Start of ${file.name}` : `Content of ${file.name}`
  return [`${what}:\n\`\`\`\n${file.content}\n\`\`\``]
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`
}

export function describeCodeExecution(params: { environment?: EnvironmentDescription; timeoutMs: number }): string {
  const env = params.environment ?? {}
  const version = env.pythonVersion ?? DEFAULT_PYTHON_VERSION
  const libraries = env.libraries ?? []
  const files = env.files ?? []
  const hasMatplotlib = libraries.some((library) => libraryName(library).toLowerCase() === 'matplotlib')

  const lines: string[] = [
    `Runs Python ${version} code in a sandbox (Pyodide, WebAssembly) on the user's device and returns what the code printed.`,
    'Use it for calculations, data processing and anything that benefits from exact computation.',
  ]
  lines.push(
    libraries.length === 0
      ? 'Only the Python standard library is available; no third-party packages are installed and none can be installed.'
      : `Available libraries besides the standard library: ${libraries.map(formatLibrary).join(', ')}. Nothing else can be installed.`,
  )
  if (files.length === 0) {
    lines.push('The working directory has no input files.')
  } else {
    const where = env.workingDirectory ? ` (${env.workingDirectory})` : ''
    lines.push(`Files in the working directory${where}: ${files.map(fileLabel).join(', ')}. Open them by these relative names.`)
  }
  lines.push(
    'There is no network access.',
    `Each run may take at most ${formatSeconds(params.timeoutMs)}; a longer run is stopped and reported with outcome OUTCOME_DEADLINE_EXCEEDED.`,
    'Only printed output comes back (stdout, then the traceback if the code fails): print() every value you need. The value of the last expression is not returned.',
  )
  if (hasMatplotlib) lines.push('Matplotlib figures the code creates are returned to you as images.')
  if (env.statePersists ?? true) lines.push('Variables and imports persist between calls in this conversation.')
  lines.push('Files the code writes to the working directory are returned to the user.')
  return [lines.join(' '), ...files.flatMap(fileContent)].join('\n\n')
}
