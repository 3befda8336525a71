/**
 * Images as input, end to end in Chromium: the user's message carries a real
 * PNG; the broker puts it into the real `PythonSandbox` as `input_1.png`; the
 * scripted model's code reads it with zlib and struct (Pillow is not
 * available offline), crops and enlarges a corner and display()s it; the crop
 * reaches the strict local Gemini server as the model would receive it.
 */
import { GoogleGenAI, type Content, type Part } from '@google/genai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { withLocalCodeExecution } from '../../../src/gemini/index.ts'
import { PythonSandbox } from '../../../src/sandbox/index.ts'
import { startSession, type TestSession } from '../../gemini-server/session.ts'
import { decodeImage, encodePng, toBase64, type Rgb } from './png.ts'

const BASE_URL = `${location.origin}/gemini-api`
const RED: Rgb = [200, 0, 0]
const GREEN: Rgb = [0, 200, 0]
const BLUE: Rgb = [0, 0, 200]
const WHITE: Rgb = [255, 255, 255]
const CODE_OUTPUT = 'input_1.png: 8 x 8\ncrop: 12 x 12 first pixel (0, 200, 0)\n'

let sandbox: PythonSandbox
/** An 8×8 PNG in four colours, one per quadrant: the model's code zooms into the green top-right one. */
let photo: string
beforeAll(async () => {
  sandbox = new PythonSandbox()
  photo = toBase64(await encodePng(8, 8, (x, y) => (y < 4 ? (x < 4 ? RED : GREEN) : x < 4 ? BLUE : WHITE)))
  await sandbox.ready()
})
afterAll(() => sandbox.dispose())

async function ask(script: string, model: string) {
  const session = await startSession(BASE_URL, script)
  const ai = new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } })
  const local = withLocalCodeExecution(ai, { sandbox })
  const contents: Content[] = [
    { role: 'user', parts: [{ text: 'What colour is the top-right corner? Zoom in to be sure.' }, { inlineData: { mimeType: 'image/png', data: photo } }] },
  ]
  const response = await local.models.generateContent({ model, contents: structuredClone(contents), config: { tools: [{ codeExecution: {} }] } })
  return { session, response, contents }
}

async function requestBody(session: TestSession, index: number) {
  return (await session.requests())[index]!.body as { contents: Content[]; tools: Array<{ functionDeclarations: Array<{ description: string }> }> }
}

describe('an image in the user message', () => {
  test('on Gemini 3 the code opens it as input_1.png and the crop it displays goes back inside functionResponse.parts', async () => {
    const { session, response, contents } = await ask('input-image-3', 'gemini-3-flash-preview')

    const first = await requestBody(session, 0)
    expect(first.contents).toEqual(contents)
    const description = first.tools[0]!.functionDeclarations[0]!.description
    expect(description).toMatch(/Files in the working directory \(\/home\/pyodide\): input_1\.png \(\d+ bytes\)/)
    expect(description).toContain("The files attached to the user's messages are also in the working directory: input_1.png (image/png, user message 1).")
    expect(description).toContain('pass the result to display()')

    const answer = (await requestBody(session, 1)).contents.at(-1)!.parts!
    expect(answer).toHaveLength(1)
    expect(answer[0]!.functionResponse!.response).toMatchObject({ outcome: 'OUTCOME_OK', output: CODE_OUTPUT })
    const crops = answer[0]!.functionResponse!.parts!
    expect(crops).toHaveLength(1)
    const crop = crops[0]!.inlineData!
    expect(crop.mimeType).toBe('image/png')
    expect(await decodeImage({ mimeType: crop.mimeType!, data: crop.data! }, { x: 11, y: 11 })).toEqual({ width: 12, height: 12, pixel: GREEN })

    const parts = response.candidates![0]!.content!.parts!
    expect(parts.map((part) => Object.keys(part).find((key) => key !== 'thoughtSignature'))).toEqual(['text', 'executableCode', 'codeExecutionResult', 'inlineData', 'text'])
    expect(parts[3]!.inlineData).toEqual(crop)
    expect(response.codeExecutionResult).toBe(CODE_OUTPUT)
    expect(response.text).toContain('plain green')
  })

  test('on Gemini 2.5 the crop follows the function response as an inlineData part', async () => {
    const { session, response } = await ask('input-image-2', 'gemini-2.5-flash')

    const answer = (await requestBody(session, 1)).contents.at(-1)!.parts! as Part[]
    expect(answer.map((part) => Object.keys(part)[0])).toEqual(['functionResponse', 'inlineData'])
    expect(answer[0]!.functionResponse).toEqual({ name: 'run_python', response: expect.objectContaining({ outcome: 'OUTCOME_OK', output: CODE_OUTPUT }) })
    expect(await decodeImage({ mimeType: 'image/png', data: answer[1]!.inlineData!.data! }, { x: 0, y: 0 })).toEqual({ width: 12, height: 12, pixel: GREEN })
    expect(response.candidates![0]!.content!.parts!.filter((part) => part.inlineData)).toHaveLength(1)
  })
})
