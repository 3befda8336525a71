/**
 * `withLocalCodeExecution(ai).live`: the SDK's `live.connect`, with
 * `tools: [{ codeExecution: {} }]` answered by Python on this device.
 * Sessions without that tool are the SDK's own, untouched.
 *
 * @example
 * const session = await withLocalCodeExecution(ai).live.connect({
 *   model: 'gemini-live-2.5-flash-preview',
 *   config: { responseModalities: [Modality.TEXT], tools: [{ codeExecution: {} }] },
 *   callbacks: {
 *     onmessage: (message) => {
 *       for (const part of message.serverContent?.modelTurn?.parts ?? []) {
 *         if (part.executableCode) console.log(part.executableCode.code)
 *         if (part.codeExecutionResult) console.log(part.codeExecutionResult.output) // computed here
 *         if (part.text) console.log(part.text)
 *       }
 *     },
 *   },
 * })
 * session.sendClientContent({ turns: 'What is the sum of the first 50 prime numbers?' })
 */
import type { LiveConnectParameters, Tool } from '@google/genai'
import type { Broker } from '../broker.ts'
import { emitter, type CodeExecutionEventListener } from '../events.ts'
import { hasCodeExecutionTool, prepareTools, supportsMultimodalFunctionResponses } from '../shapes.ts'
import { LiveSandboxes, type SandboxOnClose } from './sandboxes.ts'
import { LocalLiveSession } from './session.ts'
import type { GenAILive, GenAILiveSession } from './wire.ts'

export interface LiveCallOptions {
  /** Run start, live output and run end of this session's code, for UIs. */
  onEvent?: CodeExecutionEventListener
  /**
   * The session's own sandbox when the session closes: `'auto'` (default)
   * disposes it when the app calls `session.close()` and keeps it when the
   * connection ends otherwise (`goAway`, the network), so that a session
   * resumed with `sessionResumption.handle` finds its Python state; `'keep'`
   * always keeps it (for a later resume), `'dispose'` never does. A `sandbox`
   * given to `withLocalCodeExecution` is the app's and is never disposed.
   */
  sandboxOnClose?: SandboxOnClose
}

export interface LocalLive {
  /** `ai.live.connect`, with the built-in code-execution tool answered locally. */
  connect(params: LiveConnectParameters, options?: LiveCallOptions): Promise<LocalLiveSession | GenAILiveSession>
}

export function createLocalLive(params: { client: () => GenAILive; broker: Broker }): LocalLive {
  const { broker } = params
  const sandboxes = new LiveSandboxes({ shared: broker.options.sandbox, create: () => broker.createSandbox() })

  async function connect(request: LiveConnectParameters, options: LiveCallOptions = {}): Promise<LocalLiveSession> {
    const config = request.config ?? {}
    const sandbox = sandboxes.acquire(config.sessionResumption?.handle)
    const tool = broker.makeTool(() => sandbox.get())
    const multimodal =
      broker.settings.multimodalFunctionResponses === 'auto' ? supportsMultimodalFunctionResponses(request.model) : broker.settings.multimodalFunctionResponses
    const session = new LocalLiveSession({
      tool,
      sandbox,
      sandboxOnClose: options.sandboxOnClose ?? 'auto',
      limits: broker.settings.limits,
      multimodal,
      emit: emitter(broker.options.onEvent, options.onEvent),
      onmessage: request.callbacks?.onmessage,
    })
    const tools = prepareTools((config.tools ?? []) as Tool[], await tool.declaration())
    try {
      const connected = await params.client().connect({
        ...request,
        config: { ...config, tools },
        callbacks: {
          ...request.callbacks,
          onmessage: (message) => session.receive(message),
          onclose: (event) => {
            session.closed()
            request.callbacks?.onclose?.(event)
          },
        },
      })
      session.attach(connected)
      return session
    } catch (error) {
      session.closed()
      throw error
    }
  }

  return {
    connect: (request, options) => {
      if (!hasCodeExecutionTool(request.config?.tools as unknown[] | undefined)) return params.client().connect(request)
      return connect(request, options)
    },
  }
}
