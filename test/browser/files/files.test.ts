import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PythonSandbox } from '../../../src/index.ts'

let sandbox: PythonSandbox
beforeAll(async () => {
  sandbox = new PythonSandbox({
    inputFiles: { maxFileBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 },
    outputFiles: { maxFiles: 3, maxFileBytes: 64 * 1024, maxTotalBytes: 256 * 1024 },
  })
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

/** Every byte value, in a scrambled order, so any re-encoding on the way would show. */
function binary(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 131 + 7) % 256
  return bytes
}

describe('files in the working directory', () => {
  test('a binary file arrives byte-exact and comes back byte-exact when the code rewrites it', async () => {
    const original = binary(300_000)
    expect(await sandbox.putFiles([{ name: 'inputs/blob.bin', data: original }])).toEqual([{ name: 'inputs/blob.bin', size: 300_000 }])
    const result = await sandbox.run(
      'import hashlib\ndata = open("inputs/blob.bin", "rb").read()\nprint(len(data), hashlib.sha256(data).hexdigest())\nopen("copy.bin", "wb").write(data[:50_000])',
    )
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', original)), (b) => b.toString(16).padStart(2, '0')).join('')
    expect(result.output).toBe(`300000 ${digest}\n`)
    expect(result.files.map((file) => file.name)).toEqual(['copy.bin'])
    expect(result.files[0]).toMatchObject({ mimeType: 'application/octet-stream', size: 50_000 })
    expect(result.files[0]!.data).toEqual(original.subarray(0, 50_000))
  })

  test('text files are read as UTF-8, and new files come back with a MIME type', async () => {
    await sandbox.putFiles([{ name: 'sales.csv', data: 'city,amount\nZürich,3\nOslo,4\n' }])
    const result = await sandbox.run(
      'import csv\nrows = list(csv.DictReader(open("sales.csv", encoding="utf-8")))\n' +
        'total = sum(int(r["amount"]) for r in rows)\nopen("total.csv", "w").write(f"total\\n{total}\\n")\nprint(rows[0]["city"], total)',
    )
    expect(result.output).toBe('Zürich 7\n')
    expect(result.files).toEqual([{ name: 'total.csv', mimeType: 'text/csv', declaredMimeType: 'text/csv', size: 8, data: new TextEncoder().encode('total\n7\n') }])
  })

  test('files the code did not touch do not come back', async () => {
    const result = await sandbox.run('print(sorted(__import__("os").listdir(".")))')
    expect(result.output).toContain("'sales.csv'")
    expect(result.files).toEqual([])
  })

  test('names that would leave the working directory are refused, and nothing is written', async () => {
    for (const name of ['../escape.txt', '/tmp/abs.txt', 'a/../../b.txt']) {
      await expect(sandbox.putFiles([{ name: 'fine.txt', data: 'x' }, { name, data: 'x' }])).rejects.toMatchObject({ name: 'SandboxFileError' })
    }
    const listed = await sandbox.listFiles()
    expect(listed.map((file) => file.name)).not.toContain('fine.txt')
  })

  test('files over the size limits are refused with a clear error', async () => {
    await expect(sandbox.putFiles([{ name: 'big.bin', data: new Uint8Array(1024 * 1024 + 1) }])).rejects.toThrow(
      'File "big.bin" is 1 MiB, over the 1 MiB limit for one file.',
    )
    const many = [0, 1, 2].map((i) => ({ name: `part${i}.bin`, data: new Uint8Array(900 * 1024) }))
    await expect(sandbox.putFiles(many)).rejects.toThrow(/over the 2 MiB limit for all files/)
  })

  test('files a run writes beyond the return limits are listed as omitted, not returned', async () => {
    const result = await sandbox.run(
      'for i in range(5):\n    open(f"out{i}.txt", "w").write("x" * 10)\nopen("huge.bin", "wb").write(b"0" * 100_000)',
    )
    // In name order: huge.bin is over the 64 KiB a file, then the first three small files fill the count.
    expect(result.files.map((file) => file.name)).toEqual(['out0.txt', 'out1.txt', 'out2.txt'])
    expect(result.omittedFiles).toEqual([
      { name: 'huge.bin', size: 100_000 },
      { name: 'out3.txt', size: 10 },
      { name: 'out4.txt', size: 10 },
    ])
  })

  test('put files survive reset(); files the code wrote do not', async () => {
    await sandbox.putFiles([{ name: 'keep.txt', data: 'kept' }])
    await sandbox.run('open("scratch.txt", "w").write("gone")')
    await sandbox.reset()
    const result = await sandbox.run('import os\nprint(open("keep.txt").read(), os.path.exists("scratch.txt"))')
    expect(result.output).toBe('kept False\n')
  })

  test('removed files are gone from the working directory and from later restarts', async () => {
    await sandbox.removeFiles(['keep.txt'])
    await sandbox.reset()
    expect((await sandbox.listFiles()).map((file) => file.name)).not.toContain('keep.txt')
  })

  test('environment() describes the files with as much content as the privacy setting allows', async () => {
    await sandbox.putFiles([{ name: 'people.csv', data: 'name,age\nAda,36\nAlan,41\n' }, { name: 'blob.bin', data: new Uint8Array([0, 1, 2, 255]) }])
    const preview = await sandbox.environment({ filePrivacy: 'preview' })
    expect(preview.pythonVersion).toMatch(/^3\.14\./)
    expect(preview.libraries).toContain('sympy')
    expect(preview.workingDirectory).toBe('/home/pyodide')
    expect(preview.files).toContainEqual({ name: 'people.csv', size: 24, content: 'name,age\nAda,36\nAlan,41\n' })
    expect(preview.files).toContainEqual({ name: 'blob.bin', size: 4 })
    const none = await sandbox.environment({ filePrivacy: 'none' })
    expect(none.files).toContainEqual({ name: 'people.csv', size: 24 })
  })
})
