import type { Interactions } from '@google/genai'
import { describe, expect, test } from 'vitest'
import { StreamedAnswer, stepParts, toInteractionInput, unknownInteractionMessage } from '../../../src/app/chat/interaction-answer.ts'
import { EXPORT_FORMAT, EXPORT_VERSION, importConversation } from '../../../src/app/store/transfer.ts'
import { GeminiApiError } from '../../../src/gemini/errors.ts'

type Event = Interactions.InteractionSSEEvent

const PNG = 'iVBORw0KGgo='

/** A streamed answer as the broker emits it: a thought, code, its result and image, then text in two deltas. */
const EVENTS: Event[] = [
  { event_type: 'interaction.created', interaction: { id: 'interaction-1', status: 'in_progress' } as never },
  { event_type: 'step.start', index: 0, step: { type: 'thought', summary: [{ type: 'text', text: 'Planning.' }] } as never },
  { event_type: 'step.delta', index: 0, delta: { type: 'thought_signature', signature: 'c2ln' } as never },
  { event_type: 'step.stop', index: 0 },
  { event_type: 'step.start', index: 1, step: { type: 'code_execution_call', id: 'call-1', arguments: { code: 'print(1)', language: 'python' } } },
  { event_type: 'step.stop', index: 1 },
  { event_type: 'step.start', index: 2, step: { type: 'code_execution_result', call_id: 'call-1', result: '1\n' } },
  { event_type: 'step.stop', index: 2 },
  { event_type: 'step.start', index: 3, step: { type: 'model_output', content: [{ type: 'image', data: PNG, mime_type: 'image/png' }] } },
  { event_type: 'step.stop', index: 3 },
  { event_type: 'step.start', index: 4, step: { type: 'model_output', content: [] } },
  { event_type: 'step.delta', index: 4, delta: { type: 'text', text: 'The answer ' } },
  { event_type: 'step.delta', index: 4, delta: { type: 'text', text: 'is **1**.' } },
  { event_type: 'step.stop', index: 4 },
  { event_type: 'interaction.completed', interaction: { id: 'interaction-2', status: 'completed' } as never },
]

describe('a streamed interaction, as the app shows it', () => {
  test('code, output, image and text become the built-in parts; the thought shows nothing; the last interaction id is kept', () => {
    const answer = new StreamedAnswer()
    for (const event of EVENTS) answer.apply(event)
    expect(answer.parts()).toEqual([
      { executableCode: { code: 'print(1)', language: 'PYTHON' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1\n' } },
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { text: 'The answer is **1**.' },
    ])
    expect(answer.interactionId).toBe('interaction-2')
    expect(answer.status).toBe('completed')
  })

  test('text shows as it streams, before its step ends', () => {
    const answer = new StreamedAnswer()
    for (const event of EVENTS.slice(0, 12)) answer.apply(event)
    expect(answer.parts().at(-1)).toEqual({ text: 'The answer ' })
    expect(answer.interactionId).toBe('interaction-1')
  })

  test('a failed run keeps the exact outcome the app saw, else reads is_error', () => {
    const step: Interactions.Step = { type: 'code_execution_result', call_id: 'call-9', result: 'stopped', is_error: true }
    expect(stepParts(step)).toEqual([{ codeExecutionResult: { outcome: 'OUTCOME_FAILED', output: 'stopped' } }])
    expect(stepParts(step, new Map([['call-9', 'OUTCOME_DEADLINE_EXCEEDED']]))).toEqual([{ codeExecutionResult: { outcome: 'OUTCOME_DEADLINE_EXCEEDED', output: 'stopped' } }])
  })

  test('steps of other tools and empty text show nothing', () => {
    expect(stepParts({ type: 'google_search_call', id: 's', arguments: {} } as never)).toEqual([])
    expect(stepParts({ type: 'model_output', content: [{ type: 'text', text: '' }] })).toEqual([])
  })

  test('an error event ends the answer with its message', () => {
    const answer = new StreamedAnswer()
    expect(() => answer.apply({ event_type: 'error', error: { code: 'internal', message: 'The model is overloaded.' } })).toThrow('The model is overloaded.')
  })
})

describe('the user message as Interactions input', () => {
  test('text stays text, images are images, CSV and PDF are documents', () => {
    expect(
      toInteractionInput([
        { inlineData: { mimeType: 'image/png', data: PNG, displayName: 'a.png' } },
        { inlineData: { mimeType: 'text/csv', data: 'YSxiCg==', displayName: 'a.csv' } },
        { inlineData: { mimeType: 'application/pdf', data: 'JVBE', displayName: 'a.pdf' } },
        { text: 'What is in these?' },
      ]),
    ).toEqual([
      { type: 'image', data: PNG, mime_type: 'image/png' },
      { type: 'document', data: 'YSxiCg==', mime_type: 'text/csv' },
      { type: 'document', data: 'JVBE', mime_type: 'application/pdf' },
      { type: 'text', text: 'What is in these?' },
    ])
  })
})

describe('a follow-up the API no longer knows', () => {
  const notFound = (message: string) => new GeminiApiError({ status: 404, code: 'NOT_FOUND', apiMessage: message })

  test('is named clearly, with what to do', () => {
    expect(unknownInteractionMessage(notFound('Interaction interaction-7 was not found.'), 'interaction-7')).toMatch(
      /^Gemini no longer has this conversation's earlier turns \(interaction interaction-7 was not found.*Start a new chat to go on/,
    )
  })

  test('other errors, and a first message, are left to the general message', () => {
    expect(unknownInteractionMessage(notFound('models/gemini-9 is not found for API version v1beta.'), 'interaction-7')).toBeUndefined()
    expect(unknownInteractionMessage(notFound('Interaction x was not found.'), undefined)).toBeUndefined()
    expect(unknownInteractionMessage(new GeminiApiError({ status: 429, code: 'RESOURCE_EXHAUSTED', apiMessage: 'Slow down.' }), 'interaction-7')).toBeUndefined()
  })
})

describe('an exported Interactions conversation', () => {
  const file = (conversation: Record<string, unknown>) =>
    JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, conversation: { id: 'c', title: 't', model: 'm', createdAt: 1, updatedAt: 1, history: [], wire: [], files: {}, ...conversation } })

  test('keeps its API and last interaction through import; an unknown API is refused', () => {
    expect(importConversation(file({ api: 'interactions', interactionId: 'interaction-4' })).conversation).toMatchObject({ api: 'interactions', interactionId: 'interaction-4' })
    expect(() => importConversation(file({ api: 'telepathy' }))).toThrow('The conversation’s API is unknown.')
  })
})
