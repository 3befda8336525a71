import { describe, expect, test } from 'vitest'
import { base64Head, sniffBase64Image, sniffImageType } from '../../../src/files/image-type.ts'
import { declaredMimeTypeFor, inertMimeType } from '../../../src/files/mime.ts'

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])))
const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR')
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 'JFIF')
const GIF = bytes('GIF89a', 1, 0, 1, 0)
const WEBP = bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ')
const text = (value: string) => new TextEncoder().encode(value)
const SVG = text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
const HTML = text('<!doctype html><script>alert(localStorage.length)</script>')

describe('the type a file gets', () => {
  test('active content and anything unknown are octet-stream; the name still declares what it is', () => {
    for (const [name, declared] of [
      ['report.html', 'text/html'],
      ['report.HTM', 'text/html'],
      ['page.xhtml', 'application/xhtml+xml'],
      ['chart.svg', 'image/svg+xml'],
      ['data.xml', 'application/xml'],
      ['style.xsl', 'application/xslt+xml'],
      ['app.js', 'text/javascript'],
      ['module.mjs', 'text/javascript'],
      ['site.css', 'text/css'],
      ['blob.bin', 'application/octet-stream'],
      ['Makefile', 'application/octet-stream'],
      ['.html', 'application/octet-stream'],
    ] as const) {
      expect(declaredMimeTypeFor(name), name).toBe(declared)
      expect(inertMimeType(name, HTML), name).toBe('application/octet-stream')
    }
  })

  test('inert documents keep their type, whatever their bytes', () => {
    expect(inertMimeType('out.CSV', HTML)).toBe('text/csv')
    expect(inertMimeType('notes.txt', HTML)).toBe('text/plain')
    expect(inertMimeType('data.json', HTML)).toBe('application/json')
    expect(inertMimeType('report.pdf', HTML)).toBe('application/pdf')
    expect(inertMimeType('report.xlsx', HTML)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(inertMimeType('script.py', HTML)).toBe('text/plain')
    expect(declaredMimeTypeFor('script.py')).toBe('text/x-python')
  })

  test('an image type only when the bytes are that image', () => {
    expect(inertMimeType('plot.png', PNG)).toBe('image/png')
    expect(inertMimeType('photo.JPG', JPEG)).toBe('image/jpeg')
    expect(inertMimeType('anim.gif', GIF)).toBe('image/gif')
    expect(inertMimeType('pic.webp', WEBP)).toBe('image/webp')
    expect(inertMimeType('plot.png', SVG)).toBe('application/octet-stream')
    expect(inertMimeType('plot.png', HTML)).toBe('application/octet-stream')
    expect(inertMimeType('plot.png', JPEG)).toBe('application/octet-stream')
    expect(inertMimeType('plot.png', new Uint8Array())).toBe('application/octet-stream')
  })
})

describe('image bytes', () => {
  test('are recognised by their signatures only', () => {
    expect(sniffImageType(PNG)).toBe('image/png')
    expect(sniffImageType(JPEG)).toBe('image/jpeg')
    expect(sniffImageType(GIF)).toBe('image/gif')
    expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif')
    expect(sniffImageType(WEBP)).toBe('image/webp')
    expect(sniffImageType(bytes('RIFF', 0, 0, 0, 0, 'WAVE'))).toBeUndefined()
    expect(sniffImageType(SVG)).toBeUndefined()
    expect(sniffImageType(bytes(0x89, 'PN'))).toBeUndefined()
  })

  test('in base64: only well-formed base64 is read', () => {
    const base64 = Buffer.from(PNG).toString('base64')
    expect(sniffBase64Image(base64)).toBe('image/png')
    expect(sniffBase64Image(Buffer.from(SVG).toString('base64'))).toBeUndefined()
    expect(sniffBase64Image(`${base64.slice(0, 8)}<svg>${base64.slice(13)}`)).toBeUndefined()
    expect(sniffBase64Image('iVBORw0KGgo')).toBeUndefined() // length not a multiple of 4
    expect(base64Head('')).toEqual(new Uint8Array())
  })
})
