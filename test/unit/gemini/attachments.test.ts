/** Attachments in the user's messages: which ones, their names, and putting them into an executor once. */
import type { Content } from '@google/genai'
import { describe, expect, expectTypeOf, test } from 'vitest'
import type { CodeExecutor, FileAcceptingExecutor } from '../../../src/executor.ts'
import { placeAttachments, type AttachmentReport } from '../../../src/gemini/attachment-files.ts'
import { decodeBase64, extensionFor, findAttachments, type Attachment } from '../../../src/gemini/attachments.ts'
import { describeCodeExecution } from '../../../src/gemini/description.ts'
import { normalizeContents } from '../../../src/gemini/history.ts'
import { LocalCodeExecutionTool } from '../../../src/gemini/tool.ts'
import type { PythonSandbox } from '../../../src/sandbox/index.ts'
import { FakeExecutor, FileTakingExecutor, RED_PIXEL_PNG } from './fake-executor.ts'

const PNG = RED_PIXEL_PNG
const JPEG = btoa('\xff\xd8\xff\xe0 a jpeg')
const CSV = btoa('city,amount\nOslo,4\n')

const image = (data: string, mimeType = 'image/png') => ({ inlineData: { mimeType, data } })
const user = (...parts: Content['parts'] & {}): Content => ({ role: 'user', parts })
const model = (...parts: Content['parts'] & {}): Content => ({ role: 'model', parts })

describe('finding attachments', () => {
  test('inline files are numbered in order of appearance across the whole conversation', () => {
    const contents = [user({ text: 'Look' }, image(PNG), image(JPEG, 'image/jpeg')), model({ text: 'Nice.' }), user(image(CSV, 'text/csv'))]
    expect(findAttachments(contents).map(({ name, mimeType, message }) => ({ name, mimeType, message }))).toEqual([
      { name: 'input_1.png', mimeType: 'image/png', message: 1 },
      { name: 'input_2.jpg', mimeType: 'image/jpeg', message: 1 },
      { name: 'input_3.csv', mimeType: 'text/csv', message: 2 },
    ])
  })

  test('the same bytes sent again keep their first name instead of becoming a second file', () => {
    const contents = [user(image(PNG)), model({ text: 'Seen.' }), user({ text: 'Again:' }, image(PNG), image(JPEG, 'image/jpeg'))]
    expect(findAttachments(contents).map((attachment) => attachment.name)).toEqual(['input_1.png', 'input_2.jpg'])
  })

  test('names stay the same when the conversation grows, so a chat can refer to them turn after turn', () => {
    const first = [user(image(PNG))]
    const later = [...first, model({ text: 'A red pixel.' }), user({ text: 'And this?' }, image(JPEG, 'image/jpeg'))]
    expect(findAttachments(later)[0]).toEqual(findAttachments(first)[0])
  })

  test("images of the model's turns and of function-response turns are run results, not attachments", () => {
    const contents = [
      user({ text: 'Draw' }),
      model({ functionCall: { name: 'run_python', args: { code: 'x' } } }),
      user({ functionResponse: { name: 'run_python', response: { output: '' } } }, image(JPEG, 'image/jpeg')),
      model({ text: 'Here.' }, image(PNG)),
    ]
    expect(findAttachments(contents)).toEqual([])
  })

  test('function-response turns are not counted as user messages', () => {
    const contents = [
      user({ text: 'Draw' }),
      model({ functionCall: { name: 'run_python', args: { code: 'x' } } }),
      user({ functionResponse: { name: 'run_python', response: { output: '' } } }),
      model({ text: 'Done.' }),
      user(image(PNG)),
    ]
    expect(findAttachments(contents)[0]!.message).toBe(2)
  })

  test('contents given as a list of parts count as one user message; file URIs and empty blobs are skipped', () => {
    const contents = normalizeContents(['Look at this', image(PNG), { fileData: { fileUri: 'https://example.com/a.png', mimeType: 'image/png' } }, image('')])
    expect(findAttachments(contents).map((attachment) => attachment.name)).toEqual(['input_1.png'])
  })

  test('a display name the app gave the blob is kept to label the file for the model', () => {
    const contents = [user({ inlineData: { mimeType: 'text/csv', data: CSV, displayName: 'sales.csv' } })]
    expect(findAttachments(contents)[0]).toMatchObject({ name: 'input_1.csv', displayName: 'sales.csv' })
  })
})

describe('file extensions', () => {
  test.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpg'],
    ['image/webp', 'webp'],
    ['text/csv; charset=utf-8', 'csv'],
    ['application/pdf', 'pdf'],
    ['IMAGE/PNG', 'png'],
    ['image/avif', 'avif'],
    ['application/x-something-long', 'bin'],
    ['nonsense', 'bin'],
  ])('%s files end in .%s', (mimeType, extension) => {
    expect(extensionFor(mimeType)).toBe(extension)
  })
})

test('base64 is decoded whether standard or URL-safe, padded or not', () => {
  const bytes = [0xfb, 0xff, 0xbf, 0x00]
  expect([...decodeBase64('+/+/AA==')]).toEqual(bytes)
  expect([...decodeBase64('-_-_AA')]).toEqual(bytes)
  expect(() => decodeBase64('not base64!')).toThrow()
})

const attachment = (name: string, data: string, message = 1): Attachment => ({ name, mimeType: name.endsWith('.png') ? 'image/png' : 'text/csv', data, message })

describe('putting attachments into an executor', () => {
  test('PythonSandbox takes files, so it receives attachments', () => {
    expectTypeOf<PythonSandbox>().toMatchTypeOf<FileAcceptingExecutor>()
  })

  test('each attachment is put once with its decoded bytes; the next request with the same ones puts nothing', async () => {
    const executor = new FileTakingExecutor()
    const attachments = [attachment('input_1.png', PNG), attachment('input_2.csv', CSV)]
    const first = await placeAttachments(executor, attachments)
    const second = await placeAttachments(executor, attachments)
    expect(executor.puts).toEqual([['input_1.png'], ['input_2.csv']])
    expect(new TextDecoder().decode(executor.files.get('input_2.csv'))).toBe('city,amount\nOslo,4\n')
    expect(first).toEqual({ placed: attachments, failed: [], unsupported: false })
    expect(second).toEqual(first)
  })

  test('a name that now stands for other bytes (another request on the same sandbox) is put again', async () => {
    const executor = new FileTakingExecutor()
    await placeAttachments(executor, [attachment('input_1.png', PNG)])
    await placeAttachments(executor, [attachment('input_1.png', JPEG)])
    await placeAttachments(executor, [attachment('input_1.png', PNG)])
    expect(executor.puts).toEqual([['input_1.png'], ['input_1.png'], ['input_1.png']])
  })

  test('a refused file is reported with the reason and does not keep the others out', async () => {
    const executor = new FileTakingExecutor(['input_1.png'])
    const report = await placeAttachments(executor, [attachment('input_1.png', PNG), attachment('input_2.csv', CSV)])
    expect(report.placed.map((placed) => placed.name)).toEqual(['input_2.csv'])
    expect(report.failed).toEqual([{ attachment: attachment('input_1.png', PNG), reason: 'File "input_1.png" is over the 50 MiB limit for one file.' }])
  })

  test('malformed base64 is reported, not thrown', async () => {
    const report = await placeAttachments(new FileTakingExecutor(), [attachment('input_1.png', '%%%')])
    expect(report.failed).toHaveLength(1)
    expect(report.placed).toEqual([])
  })

  test("before each run, the request's files are put back if another request on the same sandbox replaced them", async () => {
    const executor = new FileTakingExecutor()
    const tool = new LocalCodeExecutionTool({ executor })
    const mine = [attachment('input_1.png', PNG)]
    await tool.placeAttachments(mine)
    await placeAttachments(executor, [attachment('input_1.png', JPEG)]) // a concurrent request's own input_1.png
    await tool.execute({ name: 'run_python', args: { code: 'print("hi")' } }, { attachments: mine })
    expect(executor.puts).toHaveLength(3)
    expect(executor.files.get('input_1.png')).toEqual(decodeBase64(PNG))
  })

  test('an executor without putFiles is reported as unable to take files', async () => {
    const executor: CodeExecutor = new FakeExecutor()
    expect(await placeAttachments(executor, [attachment('input_1.png', PNG)])).toEqual({ placed: [], failed: [], unsupported: true })
  })
})

describe('what the tool description says about attachments', () => {
  const placed = (attachments: Attachment[]): AttachmentReport => ({ placed: attachments, failed: [], unsupported: false })

  test('it maps each attachment to its file and, for images, says how to look closer with display()', () => {
    const text = describeCodeExecution({
      timeoutMs: 30_000,
      environment: { libraries: ['matplotlib'] },
      attachments: placed([attachment('input_1.png', PNG), { ...attachment('input_2.csv', CSV, 3), displayName: 'sales.csv' }]),
    })
    expect(text).toContain(
      'The files attached to the user\'s messages are also in the working directory: input_1.png (image/png, user message 1), input_2.csv (text/csv, "sales.csv", user message 3).',
    )
    expect(text).toContain('crop or enlarge the region you need and pass the result to display()')
    expect(text).toContain("display(image) returns an image to you with the run's result")
  })

  test('display() is not promised by an environment that says it has none', () => {
    const text = describeCodeExecution({ timeoutMs: 30_000, environment: { libraries: ['matplotlib'], displayImages: false }, attachments: placed([attachment('input_1.png', PNG)]) })
    expect(text).toContain('Each attached image file is the image you see in the conversation, for code to measure or process.')
    expect(text).not.toContain('display(')
  })

  test('refused attachments are named with the reason, and an executor without files says they are not available', () => {
    const failed = describeCodeExecution({
      timeoutMs: 30_000,
      attachments: { placed: [], failed: [{ attachment: attachment('input_1.png', PNG), reason: 'too large' }], unsupported: false },
    })
    expect(failed).toContain('These attachments could not be put into the working directory: input_1.png (image/png, user message 1): too large.')
    const unsupported = describeCodeExecution({ timeoutMs: 30_000, attachments: { placed: [], failed: [], unsupported: true } })
    expect(unsupported).toContain('The images and files attached to the conversation are not available to the code as files.')
  })

  test('without attachments nothing is said about them', () => {
    expect(describeCodeExecution({ timeoutMs: 30_000, attachments: placed([]) })).not.toContain('attached')
  })
})
