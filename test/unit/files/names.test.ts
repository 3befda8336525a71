import { describe, expect, test } from 'vitest'
import { mimeTypeFor } from '../../../src/files/mime.ts'
import { checkFileName } from '../../../src/files/names.ts'

describe('checkFileName', () => {
  test.each(['data.csv', 'inputs/data.csv', 'Résumé 2026.pdf', 'a/b/c.txt', '.hidden'])('accepts %s', (name) => {
    expect(checkFileName(name)).toBe(name)
  })

  test.each([
    ['../secret', /must not leave the working directory/],
    ['inputs/../../etc/passwd', /must not leave the working directory/],
    ['/etc/passwd', /must be relative/],
    ['C:/Windows/win.ini', /must be relative/],
    ['inputs\\data.csv', /use "\/" to separate folders/],
    ['', /it is empty/],
    ['a//b', /empty or "\." folder name/],
    ['./a', /empty or "\." folder name/],
    ['a\0b', /NUL/],
    ['x'.repeat(256), /longer than 255/],
  ])('refuses %j with a SandboxFileError that says why', (name, why) => {
    expect(() => checkFileName(name)).toThrow(why)
    expect(() => checkFileName(name)).toThrow(expect.objectContaining({ name: 'SandboxFileError' }))
  })
})

describe('mimeTypeFor', () => {
  test('knows the formats code commonly writes, whatever the case of the extension', () => {
    expect(mimeTypeFor('out.CSV')).toBe('text/csv')
    expect(mimeTypeFor('report.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(mimeTypeFor('plot.png')).toBe('image/png')
  })

  test('falls back to application/octet-stream', () => {
    expect(mimeTypeFor('blob.bin')).toBe('application/octet-stream')
    expect(mimeTypeFor('Makefile')).toBe('application/octet-stream')
  })
})
