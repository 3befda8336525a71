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
import type { AttachmentReport } from './attachment-files.ts'
import type { Attachment } from './attachments.ts'

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
  /** Whether a `display()` builtin returns images to the model. Default: when matplotlib is available (`PythonSandbox` has both). */
  displayImages?: boolean
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

function attachmentLabel(attachment: Attachment): string {
  const label = attachment.displayName ? `, ${JSON.stringify(attachment.displayName)}` : ''
  return `${attachment.name} (${attachment.mimeType}${label}, user message ${attachment.message})`
}

/** Which of the conversation's attachments the code can open, and under which names. */
function describeAttachments(report: AttachmentReport, displayImages: boolean): string[] {
  const lines: string[] = []
  if (report.unsupported) return ['The images and files attached to the conversation are not available to the code as files.']
  if (report.placed.length > 0) {
    lines.push(`The files attached to the user's messages are also in the working directory: ${report.placed.map(attachmentLabel).join(', ')}.`)
    if (report.placed.some((attachment) => attachment.mimeType.startsWith('image/'))) {
      lines.push(
        displayImages
          ? 'Each attached image file is the image you see in the conversation: to look closer, open it, crop or enlarge the region you need and pass the result to display(); it comes back to you as an image.'
          : 'Each attached image file is the image you see in the conversation, for code to measure or process.',
      )
    }
  }
  if (report.failed.length > 0) {
    const failures = report.failed.map(({ attachment, reason }) => `${attachmentLabel(attachment)}: ${reason}`)
    lines.push(`These attachments could not be put into the working directory: ${failures.join('; ')}.`)
  }
  return lines
}

export function describeCodeExecution(params: { environment?: EnvironmentDescription; timeoutMs: number; attachments?: AttachmentReport }): string {
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
  const displayImages = env.displayImages ?? hasMatplotlib
  if (params.attachments) lines.push(...describeAttachments(params.attachments, displayImages))
  lines.push(
    'There is no network access.',
    `Each run may take at most ${formatSeconds(params.timeoutMs)}; a longer run is stopped and reported with outcome OUTCOME_DEADLINE_EXCEEDED.`,
    'Only printed output comes back (stdout, then the traceback if the code fails): print() every value you need. The value of the last expression is not returned.',
  )
  if (hasMatplotlib) lines.push('Matplotlib figures the code creates are returned to you as images.')
  if (displayImages) {
    lines.push("display(image) returns an image to you with the run's result: a PIL image, a matplotlib figure, PNG or JPEG bytes, or an image file's path.")
  }
  if (env.statePersists ?? true) lines.push('Variables and imports persist between calls in this conversation.')
  lines.push('Files the code writes to the working directory are returned to the user.')
  return [lines.join(' '), ...files.flatMap(fileContent)].join('\n\n')
}
