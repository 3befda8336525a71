import { describe, expect, test } from 'vitest'
import type { RunResult } from '../../../src/protocol.ts'
import { makeProductsInert, notAnImageNote } from '../../../src/sandbox/inert-products.ts'

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const b64 = (text: string) => Buffer.from(text).toString('base64')
const data = (text: string) => new TextEncoder().encode(text)

function result(overrides: Partial<RunResult>): RunResult {
  return { outcome: 'OUTCOME_OK', output: 'done\n', stdout: 'done\n', stderr: '', images: [], files: [], durationMs: 1, truncated: false, ...overrides }
}

describe('what a run hands back, made inert on the main thread', () => {
  test("a file's type comes from the allow-list, never from the worker; the name's own type is kept apart", () => {
    const html = data('<script>localStorage</script>')
    const { files } = makeProductsInert(result({ files: [{ name: 'report.html', size: html.length, mimeType: 'text/html', data: html }] }))
    expect(files).toEqual([{ name: 'report.html', size: html.length, mimeType: 'application/octet-stream', declaredMimeType: 'text/html', data: html }])
  })

  test('a worker that lies about a type gains nothing', () => {
    const csv = data('a,b\n1,2\n')
    const { files } = makeProductsInert(result({ files: [{ name: 'table.csv', size: csv.length, mimeType: 'text/html', data: csv }] }))
    expect(files[0]).toMatchObject({ mimeType: 'text/csv', declaredMimeType: 'text/csv' })
  })

  test('images keep the type their bytes prove; anything else is dropped, and the output says so', () => {
    const inert = makeProductsInert(
      result({
        images: [
          { mimeType: 'text/html', data: PNG_1X1 },
          { mimeType: 'image/svg+xml', data: b64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
          { mimeType: 'image/png', data: b64('<html><script>alert(1)</script>') },
          { mimeType: 'image/png', data: 'not base64 at all!' },
        ],
      }),
    )
    expect(inert.images).toEqual([{ mimeType: 'image/png', data: PNG_1X1 }])
    expect(inert.output).toBe(`done\n${notAnImageNote(3)}\n`)
    expect(notAnImageNote(1)).toBe('1 image was not PNG, JPEG, GIF or WebP data and was dropped.')
  })

  test('leaves a clean result as it was', () => {
    const clean = result({ images: [{ mimeType: 'image/png', data: PNG_1X1 }] })
    expect(makeProductsInert(clean)).toEqual(clean)
  })
})
