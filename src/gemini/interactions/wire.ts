/**
 * The Interactions API's shapes, named once from the SDK's own types
 * (`Interactions` namespace of @google/genai 2.32 or 3.x: the declarations
 * name the app's own SDK, so each major sees its own step types), and the part
 * of the client the broker calls.
 */
import type { AutomaticContinuationOption, GoogleGenAIInteraction, GoogleGenAIRequestOptions, Interactions } from '@google/genai'

export type Step = Interactions.Step
export type Content = Interactions.Content
export type Tool = Interactions.Tool
export type FunctionTool = Interactions.Function
export type FunctionCallStep = Interactions.FunctionCallStep
export type FunctionResultStep = Interactions.FunctionResultStep
export type CodeExecutionCallStep = Interactions.CodeExecutionCallStep
export type CodeExecutionResultStep = Interactions.CodeExecutionResultStep
export type ModelOutputStep = Interactions.ModelOutputStep
export type UserInputStep = Interactions.UserInputStep
export type InteractionSSEEvent = Interactions.InteractionSSEEvent
export type Usage = NonNullable<Interactions.Interaction['usage']>
export type Interaction = GoogleGenAIInteraction
export type RequestOptions = GoogleGenAIRequestOptions

/** A model interaction request, as `interactions.create` takes it. */
export type CreateParams = Interactions.InteractionCreateParams.CreateModelInteractionParams & AutomaticContinuationOption
export type CreateParamsNonStreaming = Interactions.InteractionCreateParams.CreateModelInteractionParamsNonStreaming & AutomaticContinuationOption
export type CreateParamsStreaming = Interactions.InteractionCreateParams.CreateModelInteractionParamsStreaming & AutomaticContinuationOption

/** The part of `GoogleGenAI.interactions` the broker uses (and passes through). */
export interface GenAIInteractions {
  create(params: CreateParams, options?: RequestOptions): Promise<Interaction | AsyncIterable<InteractionSSEEvent>>
  get?(id: string, params?: Record<string, unknown> | null, options?: RequestOptions): Promise<unknown>
  delete?(id: string, params?: Record<string, unknown> | null, options?: RequestOptions): Promise<unknown>
  cancel?(id: string, params?: Record<string, unknown> | null, options?: RequestOptions): Promise<unknown>
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
