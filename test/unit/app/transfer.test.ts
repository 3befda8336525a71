import { Outcome } from '@google/genai'
import { describe, expect, test } from 'vitest'
import { newConversation, type Conversation } from '../../../src/app/store/conversation.ts'
import { conversationToMarkdown, exportConversation, exportFileName, importConversation } from '../../../src/app/store/transfer.ts'

const conversation: Conversation = {
  ...newConversation({ model: 'gemini-3-flash-preview', title: 'Sales: March / April' }),
  history: [
    { role: 'user', parts: [{ inlineData: { mimeType: 'text/csv', data: 'YSxiCjEsMgo=', displayName: 'data.csv' } }, { text: 'Sum column b.' }] },
    {
      role: 'model',
      parts: [
        { text: 'Let me ' },
        { text: 'compute it.' },
        { executableCode: { code: 'print(2)\n' } },
        { codeExecutionResult: { outcome: Outcome.OUTCOME_OK, output: '2\n' } },
        { text: 'The sum is **2**.' },
      ],
    },
  ],
  files: { 1: [{ name: 'out.txt', mimeType: 'text/plain', size: 1, data: 'Mg==' }] },
}

describe('export and import', () => {
  test('round-trip a conversation exactly, attachments and produced files included', () => {
    const text = exportConversation(conversation)
    expect(importConversation(text)).toEqual({ conversation, repairs: [] })
    expect(exportConversation(importConversation(text).conversation)).toBe(text)
  })

  test('name the file after the title', () => {
    expect(exportFileName(conversation)).toBe('sales-march-april.json')
  })

  test.each([
    ['not json', 'This file is not JSON.'],
    ['{"a":1}', 'This is not a conversation exported by this app.'],
    ['{"format":"pyodide-code-execution/conversation","version":2}', 'This export is version 2; this app reads version 1.'],
    ['{"format":"pyodide-code-execution/conversation","version":1,"conversation":{"id":"x","title":"t","model":"m","createdAt":1,"updatedAt":1,"history":{},"wire":[],"files":{}}}', 'The conversation’s messages are malformed.'],
  ])('refuse %s with a reason', (text, message) => {
    expect(() => importConversation(text)).toThrow(message)
  })
})

test('copy as Markdown joins streamed text, fences code and output, and names attachments', () => {
  expect(conversationToMarkdown(conversation)).toBe(
    '# Sales: March / April\n\n## You\n\n*[data.csv]*\n\nSum column b.\n\n## Gemini\n\nLet me compute it.\n\n```python\nprint(2)\n```\n\nOutput:\n\n```text\n2\n```\n\nThe sum is **2**.\n',
  )
})
