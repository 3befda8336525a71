/**
 * The four image types the library shows, told apart by their first bytes.
 *
 * An image's claimed type is never trusted: `image/svg+xml` runs script, and
 * any other claim could hide one. Only bytes that begin as a PNG, JPEG, GIF
 * or WebP file count as an image.
 */

export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

export const IMAGE_MIME_TYPES: readonly ImageMimeType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((byte, i) => data[at + i] === byte)
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

/**
 * The image type the bytes prove, or undefined.
 *
 * @example sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) // 'image/png'
 */
export function sniffImageType(data: Uint8Array): ImageMimeType | undefined {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'))) return 'image/gif'
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp'
  return undefined
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The first bytes of a base64 string, or undefined when it is not base64. */
export function base64Head(base64: string, bytes = 16): Uint8Array | undefined {
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return undefined
  const chars = Math.min(base64.length, Math.ceil(bytes / 3) * 4)
  const binary = atob(base64.slice(0, chars))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/**
 * The image type of a base64 image, proved by its bytes; undefined when it is
 * not base64 or not one of the four types.
 */
export function sniffBase64Image(base64: string): ImageMimeType | undefined {
  const head = base64Head(base64)
  return head === undefined ? undefined : sniffImageType(head)
}
