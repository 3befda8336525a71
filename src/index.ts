/**
 * pyodide-code-execution: Gemini's code-execution tool, running Python in the
 * user's browser.
 */
export * from './sandbox/index.ts'
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
export * from './gemini/index.ts'
export { canPreview, createDownloadLink, createFilePreview, imageSource, PREVIEW_POLICY, safeDownloadName } from './files/safe-display.ts'
export { declaredMimeTypeFor, inertMimeType } from './files/mime.ts'
