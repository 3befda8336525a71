/**
 * The sandbox on its own: `PythonSandbox`, its options, errors and result
 * types, without the Gemini broker and so without `@google/genai`.
 *
 * The package exports it as `pyodide-code-execution/sandbox`; the root entry
 * (`src/index.ts`) adds the broker.
 *
 * @example
 * import { PythonSandbox } from 'pyodide-code-execution/sandbox'
 *
 * const sandbox = new PythonSandbox()
 * const result = await sandbox.run('print(6 * 7)')
 * result.output // '42\n'
 */
export * from './sandbox/index.ts'
// Showing what a run returns without letting it act as the page: inert links, proven images, sandboxed previews.
export { canPreview, createDownloadLink, createFilePreview, imageSource, PREVIEW_POLICY, safeDownloadName } from './files/safe-display.ts'
export { declaredMimeTypeFor, inertMimeType } from './files/mime.ts'
export { safeFileLabel } from './files/label.ts'
export type {
  CodeExecutor,
  DescribedExecutor,
  ExecutorEnvironment,
  FileAcceptingExecutor,
  FileDescription,
  FilePrivacy,
  OutputChunk,
  RunOptions,
  WorkingDirectoryFile,
} from './executor.ts'
export type {
  FileInfo,
  ImageLimits,
  LoadStage,
  Outcome,
  OutputFile,
  OutputFileLimits,
  PackageProgress,
  RunError,
  RunImage,
  RunResult,
  RuntimeInfo,
} from './protocol.ts'
