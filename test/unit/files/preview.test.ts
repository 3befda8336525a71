import { describe, expect, test } from 'vitest'
import { describeFile, FULL_BYTES, PREVIEW_BYTES, bytesToRead } from '../../../src/files/preview.ts'

const text = (s: string) => new TextEncoder().encode(s)
const csv = 'city,amount\nZürich,3\nOslo,4\nLima,5\nRiga,6\nKyiv,7\nNuuk,8\n'

describe('what the model may see of a file', () => {
  test('none: name and size only, and nothing is read', () => {
    expect(bytesToRead('none')).toBe(0)
    expect(describeFile({ name: 'sales.csv', size: 60 }, new Uint8Array(), 'none')).toEqual({ name: 'sales.csv', size: 60 })
  })

  test('preview: the first five lines of a text file, marked partial', () => {
    expect(bytesToRead('preview')).toBe(PREVIEW_BYTES)
    const bytes = text(csv)
    expect(describeFile({ name: 'sales.csv', size: bytes.length }, bytes, 'preview')).toEqual({
      name: 'sales.csv',
      size: bytes.length,
      content: 'city,amount\nZürich,3\nOslo,4\nLima,5\nRiga,6',
      partial: true,
    })
  })

  test('full: the whole text, partial only when the file is longer than what was read', () => {
    expect(bytesToRead('full')).toBe(FULL_BYTES)
    const bytes = text(csv)
    expect(describeFile({ name: 'sales.csv', size: bytes.length }, bytes, 'full')).toEqual({ name: 'sales.csv', size: bytes.length, content: csv })
    expect(describeFile({ name: 'big.txt', size: 10 * FULL_BYTES }, text('abc'), 'full')).toMatchObject({ content: 'abc', partial: true })
  })

  test('binary files are never shown, whatever the setting', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])
    expect(describeFile({ name: 'plot.png', size: 12 }, png, 'full')).toEqual({ name: 'plot.png', size: 12 })
  })

  test('a read that cut a character in two still reads as text', () => {
    const bytes = text('naïve')
    expect(describeFile({ name: 'a.txt', size: 100 }, bytes.subarray(0, 3), 'full')).toMatchObject({ content: 'na', partial: true })
  })
})
