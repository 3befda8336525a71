import type { Part } from '@google/genai'
import { describe, expect, test } from 'vitest'
import { mergeModelText, mergeTextParts } from '../../../src/gemini/merge-text.ts'

describe('joining the text parts of one turn', () => {
  test('adjacent answer text joins; code parts keep the texts around them apart', () => {
    const parts: Part[] = [{ text: 'a ' }, { text: 'b' }, { executableCode: { code: 'x' } }, { text: 'c' }, { text: 'd' }]
    expect(mergeTextParts(parts)).toEqual([{ text: 'a b' }, { executableCode: { code: 'x' } }, { text: 'cd' }])
  })

  test('thought text joins only thought text', () => {
    const parts: Part[] = [{ text: 'th', thought: true }, { text: 'ink', thought: true }, { text: 'say' }, { text: 'more', thought: true }]
    expect(mergeTextParts(parts)).toEqual([{ text: 'think', thought: true }, { text: 'say' }, { text: 'more', thought: true }])
  })

  test('a signature stays with its text, on whichever side of the join it came', () => {
    expect(mergeTextParts([{ text: 'The answer ' }, { text: 'is 5117.' }, { text: '', thoughtSignature: 'c2ln' }])).toEqual([{ text: 'The answer is 5117.', thoughtSignature: 'c2ln' }])
    expect(mergeTextParts([{ text: 'Step one', thoughtSignature: 'c2ln' }, { text: ', done.' }])).toEqual([{ text: 'Step one, done.', thoughtSignature: 'c2ln' }])
  })

  test('two parts that each carry a signature are never joined', () => {
    const parts: Part[] = [{ text: 'one', thoughtSignature: 'b25l' }, { text: ' two' }, { text: 'three', thoughtSignature: 'dGhyZWU=' }]
    expect(mergeTextParts(parts)).toEqual([{ text: 'one two', thoughtSignature: 'b25l' }, { text: 'three', thoughtSignature: 'dGhyZWU=' }])
  })

  test('text with anything more than a thought flag and a signature is left as it is', () => {
    const parts: Part[] = [{ text: 'a' }, { text: 'b', videoMetadata: { fps: 1 } }, { text: 'c' }]
    expect(mergeTextParts(parts)).toEqual(parts)
  })

  test('only model turns are joined, and the input is not changed', () => {
    const contents = [
      { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
      { role: 'model', parts: [{ text: 'c' }, { text: 'd' }] },
    ]
    const before = structuredClone(contents)
    expect(mergeModelText(contents)).toEqual([contents[0], { role: 'model', parts: [{ text: 'cd' }] }])
    expect(contents).toEqual(before)
  })
})
