import { expect, test } from 'vitest'
import { attachmentType } from '../../../src/app/chat/attach.ts'
import { mergeTextParts } from '../../../src/gemini/merge-text.ts'

test('attachments take their type from the extension first, and only types Gemini reads are accepted', () => {
  expect(attachmentType({ name: 'sales.CSV', type: 'application/vnd.ms-excel' })).toBe('text/csv')
  expect(attachmentType({ name: 'notes', type: 'text/x-log' })).toBe('text/plain')
  expect(attachmentType({ name: 'scan.pdf', type: '' })).toBe('application/pdf')
  expect(attachmentType({ name: 'photo.jpeg', type: 'image/jpeg' })).toBe('image/jpeg')
  expect(attachmentType({ name: 'page.svg', type: 'image/svg+xml' })).toBeUndefined()
  expect(attachmentType({ name: 'tool.exe', type: 'application/x-msdownload' })).toBeUndefined()
})

test('streamed text parts are joined, and code parts keep them apart', () => {
  expect(mergeTextParts([{ text: 'a ' }, { text: 'b' }, { executableCode: { code: 'x' } }, { text: 'c' }, { text: 'd', thought: true }])).toEqual([
    { text: 'a b' },
    { executableCode: { code: 'x' } },
    { text: 'c' },
    { text: 'd', thought: true },
  ])
})
