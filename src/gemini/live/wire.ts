/**
 * The part of the SDK's Live API the local adapter uses, typed loosely enough
 * that `@google/genai` 2.32 and 3.x both fit: `ai.live.connect` and the
 * session it returns.
 */
import type { LiveConnectParameters, LiveSendClientContentParameters, LiveSendRealtimeInputParameters, LiveSendToolResponseParameters } from '@google/genai'

/** The SDK session's methods the adapter calls (its `Session` class). */
export interface GenAILiveSession {
  sendClientContent(params: LiveSendClientContentParameters): void
  sendRealtimeInput(params: LiveSendRealtimeInputParameters): void
  sendToolResponse(params: LiveSendToolResponseParameters): void
  /** 3.x only. */
  sendContextUpdate?(params: unknown): void
  close(): void
}

/** `GoogleGenAI.live`. */
export interface GenAILive {
  connect(params: LiveConnectParameters): Promise<GenAILiveSession>
}
