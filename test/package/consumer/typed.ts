// Type-checked against the packed declarations under moduleResolution bundler and node16 (test/package/types.test.ts).
import { GoogleGenAI } from '@google/genai'
import {
  PythonSandbox,
  SandboxDisposedError,
  createFrameHostFactory,
  withLocalCodeExecution,
  type LocalCodeExecutionOptions,
  type RunResult,
  type SandboxOptions,
} from 'pyodide-code-execution'
import { PythonSandbox as SandboxOnly, type RunResult as SandboxOnlyRunResult } from 'pyodide-code-execution/sandbox'
import { pyodideCodeExecution, type PyodideCodeExecutionPluginOptions } from 'pyodide-code-execution/vite'

const sandboxOptions: SandboxOptions = { timeoutMs: 10_000, createHost: createFrameHostFactory({ startTimeoutMs: 5_000 }) }
const sandbox = new PythonSandbox(sandboxOptions)

const brokerOptions: LocalCodeExecutionOptions = {
  sandbox,
  filePrivacy: 'none',
  maxRoundTrips: 3,
  onEvent: (event) => console.log(event.type),
}
const ai = withLocalCodeExecution(new GoogleGenAI({ apiKey: 'key' }), brokerOptions)

export async function answer(): Promise<string | undefined> {
  const response = await ai.models.generateContent({
    model: 'gemini-3-flash-preview',
    contents: 'What is 6 * 7? Run code.',
    config: { tools: [{ codeExecution: {} }] },
  })
  return response.codeExecutionResult
}

export async function run(code: string): Promise<RunResult['outcome']> {
  const result: RunResult = await sandbox.run(code, { timeoutMs: 1_000, onOutput: ({ stream, text }) => console.log(stream, text) })
  if (result.outcome === 'OUTCOME_FAILED') return result.error?.type === 'ZeroDivisionError' ? 'OUTCOME_FAILED' : result.outcome
  return result.outcome
}

export const sameResult: SandboxOnlyRunResult | undefined = undefined as RunResult | undefined
export const alone = new SandboxOnly()
export const isDisposed = (error: unknown) => error instanceof SandboxDisposedError
export const plugins = pyodideCodeExecution({ offline: false } satisfies PyodideCodeExecutionPluginOptions)

// @ts-expect-error: an outcome Gemini does not have
export const wrongOutcome: RunResult['outcome'] = 'OUTCOME_UNKNOWN'
// @ts-expect-error: timeoutMs is a number of milliseconds
export const wrongOptions: SandboxOptions = { timeoutMs: '30s' }
