import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox } from '../../../src/index.ts'
import { TEST_MIRROR_PATH } from '../mirror/libraries.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({ packagesURL: TEST_MIRROR_PATH, images: { maxImages: 3 } })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

/** Python that writes a real PNG with zlib and struct only: a w×h image of one colour. */
const PNG_FUNCTION = `
import struct, zlib
def png(width, height, rgb=(200, 30, 30)):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
`

async function decodes(image: { mimeType: string; data: string }): Promise<{ width: number; height: number }> {
  const bytes = Uint8Array.from(atob(image.data), (c) => c.charCodeAt(0))
  const bitmap = await createImageBitmap(new Blob([bytes], { type: image.mimeType }))
  return { width: bitmap.width, height: bitmap.height }
}

describe('images', () => {
  test('display() returns a PNG made by pure Python as an image of the result', async () => {
    const result = await sandbox.run(`${PNG_FUNCTION}\ndisplay(png(4, 3))\nprint("shown")`)
    expect(result.output).toBe('shown\n')
    expect(result.images).toHaveLength(1)
    expect(result.images[0]!.mimeType).toBe('image/png')
    expect(await decodes(result.images[0]!)).toEqual({ width: 4, height: 3 })
  })

  test('display() also takes the path of an image file and objects with _repr_png_', async () => {
    const result = await sandbox.run(
      `${PNG_FUNCTION}\nopen("chart.png", "wb").write(png(2, 2))\ndisplay("chart.png")\n` +
        `class Plot:\n    def _repr_png_(self):\n        return png(5, 1)\ndisplay(Plot())`,
    )
    expect(result.images).toHaveLength(2)
    expect(await decodes(result.images[1]!)).toEqual({ width: 5, height: 1 })
  })

  test('display() of something that is not an image fails with a TypeError that says what it takes', async () => {
    const result = await sandbox.run('display({"a": 1})')
    expect(result.error?.type).toBe('TypeError')
    expect(result.error?.message).toMatch(/^display\(\) cannot show a dict: pass a matplotlib figure, a PIL image/)
    expect(result.output).not.toContain('/lib/sandbox/')
  })

  test('images past the cap are dropped with a note saying how many and why', async () => {
    const result = await sandbox.run(`${PNG_FUNCTION}\nfor i in range(5):\n    display(png(1, 1))`)
    expect(result.images).toHaveLength(3)
    expect(result.output).toContain('[2 images were not returned: at most 3 images of up to 5 MB each come back per run]')
  })

  test('each run starts with no images', async () => {
    expect((await sandbox.run('print(1)')).images).toEqual([])
  })

  test('matplotlib figures come back as PNGs from plt.show() and when left open', async (context) => {
    const { packageMirror } = await sandbox.ready()
    const lock = await (await fetch(`${TEST_MIRROR_PATH}pyodide-lock.json`)).json()
    const mirrored = packageMirror && !/^https?:/.test(lock.packages.matplotlib?.file_name ?? 'https:')
    if (!mirrored) {
      context.skip('matplotlib is not in the test mirror: it is published only on the Pyodide CDN, which this machine cannot reach')
    }
    const result = await sandbox.run(
      'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\nplt.figure()\nplt.bar(["a"], [1])',
    )
    expect(result.error).toBeUndefined()
    expect(result.images.map((image) => image.mimeType)).toEqual(['image/png', 'image/png'])
  })
})
