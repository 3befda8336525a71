import { describe, expect, test } from 'vitest'
import { newConversation, nextMessageModel, REPLAY_MODEL } from '../../../src/app/store/conversation.ts'

const CHOSEN = 'gemini-3-flash-preview'
const asked = { role: 'user', parts: [{ text: 'Chart this.' }] }

describe("the model a conversation's next message goes to", () => {
  test('a new conversation, or one nothing was sent in yet, takes the chosen model', () => {
    expect(nextMessageModel(undefined, CHOSEN)).toBe(CHOSEN)
    expect(nextMessageModel(newConversation({ model: 'gemini-2.5-pro' }), CHOSEN)).toBe(CHOSEN)
  })

  test('a conversation that has messages stays with its own model', () => {
    expect(nextMessageModel(newConversation({ model: 'gemini-2.5-pro', history: [asked] }), CHOSEN)).toBe('gemini-2.5-pro')
  })

  test('a replay keeps the recording; an imported demo, no longer a replay, takes the chosen model', () => {
    expect(nextMessageModel(newConversation({ model: REPLAY_MODEL, replayOf: 'csv-analysis', history: [asked] }), CHOSEN)).toBe(REPLAY_MODEL)
    expect(nextMessageModel(newConversation({ model: REPLAY_MODEL, history: [asked] }), CHOSEN)).toBe(CHOSEN)
  })
})
