// Type-checked against the packed declarations under moduleResolution bundler and node16, with the app's
// @google/genai 3.x and 2.32 (test/package/package-contents.test.ts, broker.test.ts); library files too.
import { GoogleGenAI, Modality, type Content } from '@google/genai'
import {
  GeminiApiError,
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

export async function interact(): Promise<string | undefined> {
  const interaction = await ai.interactions.create({ model: 'gemini-3.5-flash', input: 'What is 6 * 7? Run code.', tools: [{ type: 'code_execution' }] })
  for (const step of interaction.steps) if (step.type === 'code_execution_result' && typeof step.result === 'string') return step.result
  return interaction.status
}

export async function live(): Promise<void> {
  const session = await ai.live.connect(
    {
      model: 'gemini-live-2.5-flash-preview',
      config: { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }] },
      callbacks: { onmessage: (message) => console.log(message.serverContent?.modelTurn?.parts?.[0]?.codeExecutionResult?.output) },
    },
    { sandboxOnClose: 'keep', onEvent: (event) => console.log(event.type) },
  )
  session.sendClientContent({ turns: 'What is 6 * 7? Run code.' })
  session.close()
}

export async function chat(): Promise<Content[]> {
  const session = ai.chats.create({ model: 'gemini-3-flash-preview', config: { tools: [{ codeExecution: {} }] } })
  try {
    for await (const chunk of await session.sendMessageStream({ message: 'Plot a sine.' })) console.log(chunk.candidates?.[0]?.finishReason)
  } catch (error) {
    if (error instanceof GeminiApiError) console.log(error.status, error.code, error.history?.length)
  }
  return session.getHistory()
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
