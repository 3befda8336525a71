/**
 * The scientific stack for real, on Pyodide 0.27.7 (Python 3.12) served as a
 * whole distribution (`distributionURL`): the compiled wheels of the official
 * release from ../shared, checked against its lock, and pure-Python wheels
 * from PyPI. One sandbox for the file, so each library downloads once; it
 * also runs Gemini's recorded cases that need these libraries (conformance-run.ts).
 *
 * The figures the issue asks for (load times, bytes per library) are printed,
 * never asserted: the machines are shared and noisy.
 */
import { GoogleGenAI, type Content } from '@google/genai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { withLocalCodeExecution } from '../../src/gemini/index.ts'
import type { PackageProgress, PythonSandbox, RunResult, RuntimeInfo } from '../../src/index.ts'
import { startSession } from '../gemini-server/session.ts'
import { decodeImage, encodePng, toBase64, type Rgb } from '../browser/gemini/png.ts'
import { matchRate } from './conformance.ts'
import { FLOOR, planFor, runCases } from './conformance-run.ts'
import { scienceSandbox } from './sandbox.ts'
import { DISTRIBUTION_PATH } from './distribution.ts'

let sandbox: PythonSandbox
let info: RuntimeInfo
/** Per run: the bytes of every package it downloaded, by lock key. */
let downloaded = new Map<string, number>()

beforeAll(async () => {
  sandbox = scienceSandbox({ distributionURL: DISTRIBUTION_PATH })
  sandbox.on('package', (event: PackageProgress) => {
    if (event.state === 'loading' && event.totalBytes !== undefined) downloaded.set(event.name, event.totalBytes)
  })
  info = await sandbox.ready()
})
afterAll(() => sandbox.dispose())

async function run(code: string): Promise<RunResult & { pulledBytes: number; wallMs: number }> {
  downloaded = new Map()
  const started = performance.now()
  const result = await sandbox.run(code)
  const pulledBytes = [...downloaded.values()].reduce((a, b) => a + b, 0)
  return { ...result, pulledBytes, wallMs: performance.now() - started }
}

function figure(name: string, value: string): void {
  console.log(`[science figure] ${name}: ${value}`)
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const ms = (value: number) => `${Math.round(value)} ms`

async function decodes(image: { mimeType: string; data: string }) {
  return decodeImage(image, { x: 0, y: 0 })
}

const [RED, GREEN, BLUE, WHITE]: Rgb[] = [[200, 0, 0], [0, 200, 0], [0, 0, 200], [255, 255, 255]]
/** An 8×8 PNG in four colours, one per quadrant; the green one is top right. */
const quadrants = () => encodePng(8, 8, (x, y) => (y < 4 ? (x < 4 ? RED! : GREEN!) : x < 4 ? BLUE! : WHITE!))

const SALES_CSV = 'region,product,amount\nnorth,apples,120\nsouth,apples,80\nnorth,pears,45\nsouth,pears,60\neast,apples,30\n'

describe('the distribution', () => {
  test('is Pyodide 0.27.7 on Python 3.12, offering the libraries its lock holds and nothing else', () => {
    expect(info).toMatchObject({ pyodideVersion: '0.27.7', pythonVersion: '3.12.7', packageMirror: true, isolated: true })
    const names = info.libraries.map((library) => library.name)
    expect(names).toEqual(expect.arrayContaining(['numpy', 'pandas', 'matplotlib', 'scipy', 'scikit-learn', 'pillow', 'seaborn', 'reportlab', 'imageio']))
    expect(info.libraries.find((library) => library.name === 'pandas')?.version).toBe('2.2.3')
    expect(names).not.toContain('chess')
  })

  test('a library the lock does not hold is refused by the import guard, naming the distribution', async () => {
    const result = await run('import chess')
    expect(result.error?.type).toBe('ModuleNotFoundError')
    expect(result.error?.message).toContain('It is not in the Pyodide 0.27.7 distribution this sandbox uses.')
    expect(result.error?.message).toMatch(/one of: .*numpy.*pandas/)
  })

  test('code cannot install packages itself on 0.27 either', async () => {
    const result = await run('import pyodide_js\nawait pyodide_js.loadPackage("chess")')
    expect(result.outcome).toBe('OUTCOME_FAILED')
    expect(result.output).toContain('This sandbox cannot install packages')
  })
})

describe('numpy, pandas, scipy, scikit-learn', () => {
  test('numpy solves a linear system and finds eigenvalues', async () => {
    const result = await run('import numpy as np\nA = np.array([[3.0, 1.0], [1.0, 2.0]])\nprint(np.linalg.solve(A, [9.0, 8.0]))\nprint(np.round(np.linalg.eigvalsh(A), 4))')
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('[2. 3.]\n[1.382 3.618]\n')
    figure('bytes pulled by import numpy', MB(result.pulledBytes))
  })

  test('pandas reads an uploaded CSV and groups it', async () => {
    await sandbox.putFiles([{ name: 'sales.csv', data: new TextEncoder().encode(SALES_CSV) }])
    const code = 'import pandas as pd\ndf = pd.read_csv("sales.csv")\nprint(df.groupby("region")["amount"].sum().sort_values(ascending=False).to_string())'
    const cold = await run(code)
    expect(cold.error).toBeUndefined()
    expect(cold.output).toBe('region\nnorth    165\nsouth    140\neast      30\n')
    figure('bytes pulled by import pandas (numpy already loaded)', MB(cold.pulledBytes))
    figure('import pandas to first result, cold (first download, numpy already loaded)', ms(cold.wallMs))
  })

  test('scipy minimises the Rosenbrock function', async () => {
    const result = await run('from scipy.optimize import minimize, rosen, rosen_der\nres = minimize(rosen, [1.3, 0.7, 0.8], jac=rosen_der, method="BFGS")\nprint(res.success, [round(float(v), 4) for v in res.x])')
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('True [1.0, 1.0, 1.0]\n')
    figure('bytes pulled by import scipy', MB(result.pulledBytes))
  })

  test('scikit-learn fits a regression and a classifier', async () => {
    const code = [
      'import numpy as np',
      'from sklearn.linear_model import LinearRegression',
      'from sklearn.datasets import load_iris',
      'from sklearn.tree import DecisionTreeClassifier',
      'X = np.arange(10).reshape(-1, 1)',
      'model = LinearRegression().fit(X, 3 * X.ravel() + 2)',
      'print(round(float(model.coef_[0]), 6), round(float(model.intercept_), 6))',
      'iris = load_iris()',
      'tree = DecisionTreeClassifier(random_state=0).fit(iris.data, iris.target)',
      'print(tree.score(iris.data, iris.target))',
    ].join('\n')
    const result = await run(code)
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('3.0 2.0\n1.0\n')
    figure('bytes pulled by import sklearn', MB(result.pulledBytes))
  })
})

describe('charts and images', () => {
  test('a matplotlib chart comes back as a PNG from plt.show(), and a figure left open as another', async () => {
    const result = await run('import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()\nplt.figure(figsize=(2, 1), dpi=100)\nplt.bar(["a", "b"], [1, 2])')
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('')
    expect(result.images.map((image) => image.mimeType)).toEqual(['image/png', 'image/png'])
    const [shown, leftOpen] = await Promise.all(result.images.map(decodes))
    expect(shown!.width).toBeGreaterThan(100)
    expect(leftOpen!.width).toBeLessThanOrEqual(200)
    figure('bytes pulled by import matplotlib (numpy and pandas already loaded)', MB(result.pulledBytes))
    figure('first matplotlib figure, import included', ms(result.wallMs))
  })

  test('seaborn (pure Python, from PyPI) draws on the 0.27.7 stack', async () => {
    const result = await run('import seaborn as sns\nimport pandas as pd\ndf = pd.DataFrame({"x": ["a", "b", "c"], "y": [3, 1, 2]})\nax = sns.barplot(data=df, x="x", y="y")\nprint(type(ax).__name__, len(ax.patches))')
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('Axes 3\n')
    expect(result.images).toHaveLength(1)
  })

  test('Pillow opens an input image, crops and enlarges a region, and display()s it; Image.show() works too', async () => {
    const photo = await quadrants()
    await sandbox.putFiles([{ name: 'photo.png', data: photo }])
    const result = await run(
      'from PIL import Image\nim = Image.open("photo.png")\nprint(im.size, im.mode)\ncrop = im.crop((4, 0, 8, 4)).resize((16, 16), Image.NEAREST)\ndisplay(crop)\ncrop.rotate(90).show()',
    )
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('(8, 8) RGB\n')
    expect(result.images).toHaveLength(2)
    expect(await decodeImage(result.images[0]!, { x: 15, y: 15 })).toEqual({ width: 16, height: 16, pixel: GREEN })
  })
})

describe('documents and images from PyPI libraries on the compiled stack', () => {
  test('reportlab writes a PDF', async () => {
    const result = await run(
      'from reportlab.lib.pagesizes import A4\nfrom reportlab.pdfgen import canvas\nc = canvas.Canvas("report.pdf", pagesize=A4)\nc.drawString(72, 800, "Quarterly report")\nc.save()\nprint(open("report.pdf", "rb").read(5))',
    )
    expect(result.error).toBeUndefined()
    expect(result.output).toBe("b'%PDF-'\n")
    const pdf = result.files.find((file) => file.name === 'report.pdf')
    expect(new TextDecoder().decode(pdf!.data.slice(0, 5))).toBe('%PDF-')
  })

  test('fpdf2 is not offered here, and the model is told why: on 0.27 it needs ssl, which this distribution lacks', async () => {
    expect(info.libraries.map((library) => library.name)).not.toContain('fpdf')
    const result = await run('from fpdf import FPDF')
    expect(result.error?.type).toBe('ModuleNotFoundError')
    expect(result.error?.message).toContain('fpdf is not available here: It is not in the Pyodide 0.27.7 distribution this sandbox uses.')
  })

  test('sqlite3, a standard-library module 0.27 ships as a package of its own, loads like the rest of the standard library', async () => {
    const result = await run('import sqlite3\ndb = sqlite3.connect(":memory:")\ndb.execute("create table t (x)")\ndb.executemany("insert into t values (?)", [(1,), (2,)])\nprint(db.execute("select sum(x) from t").fetchone()[0])')
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('3\n')
  })

  test('imageio writes and reads back an image and a GIF (numpy, Pillow)', async () => {
    const result = await run(
      'import imageio.v3 as iio\nimport numpy as np\nframe = np.zeros((4, 6, 3), dtype=np.uint8)\nframe[:, :3] = [255, 0, 0]\niio.imwrite("frame.png", frame)\nback = iio.imread("frame.png")\nprint(back.shape, back[0, 0].tolist(), back[0, 5].tolist())\niio.imwrite("anim.gif", np.stack([frame, frame[:, ::-1]]))\nprint(iio.imread("anim.gif", index=None).shape[0])',
    )
    expect(result.error).toBeUndefined()
    expect(result.output).toBe('(4, 6, 3) [255, 0, 0] [0, 0, 0]\n2\n')
  })
})

describe('through the broker, with the strict local Gemini server and the real @google/genai client', () => {
  async function ask(script: string, contents: Content[]) {
    const session = await startSession(`${location.origin}/gemini-api`, script)
    const ai = withLocalCodeExecution(new GoogleGenAI({ apiKey: session.apiKey, httpOptions: { baseUrl: session.baseUrl } }), { sandbox })
    const response = await ai.models.generateContent({ model: 'gemini-3-flash-preview', contents, config: { tools: [{ codeExecution: {} }] } })
    const requests = await session.requests()
    const body = (index: number) => requests[index]!.body as { contents: Content[]; tools: Array<{ functionDeclarations: Array<{ description: string }> }> }
    return { response, body }
  }

  test('a matplotlib chart the model draws comes back where the built-in tool puts it, and the model is told of this distribution’s libraries', async () => {
    const { response, body } = await ask('matplotlib-chart-3', [{ role: 'user', parts: [{ text: 'Chart the monthly sales.' }] }])
    const description = body(0).tools[0]!.functionDeclarations[0]!.description
    expect(description).toContain('Python 3.12.7')
    expect(description).toMatch(/matplotlib.*pandas.*seaborn/)
    expect(description).not.toContain('chess')

    const answer = body(1).contents.at(-1)!.parts!
    expect(answer[0]!.functionResponse!.response).toMatchObject({ outcome: 'OUTCOME_OK', output: 'Best month: Mar\n' })
    const chart = answer[0]!.functionResponse!.parts![0]!.inlineData!
    expect(chart.mimeType).toBe('image/png')
    expect((await decodes({ mimeType: chart.mimeType!, data: chart.data! })).width).toBeGreaterThan(200)

    const parts = response.candidates![0]!.content!.parts!
    expect(parts.map((part) => Object.keys(part).find((key) => key !== 'thoughtSignature'))).toEqual(['text', 'executableCode', 'codeExecutionResult', 'inlineData', 'text'])
    expect(parts[3]!.inlineData).toEqual(chart)
    expect(response.text).toContain('March')
  })

  test('the documented zoom-into-the-image flow: the code crops input_1 with Pillow and the crop goes back to the model', async () => {
    const photo = toBase64(await quadrants())
    const { response, body } = await ask('zoom-pillow-3', [
      { role: 'user', parts: [{ text: 'What colour is the top-right corner? Zoom in to be sure.' }, { inlineData: { mimeType: 'image/png', data: photo } }] },
    ])
    const answer = body(1).contents.at(-1)!.parts!
    expect(answer[0]!.functionResponse!.response).toMatchObject({ outcome: 'OUTCOME_OK', output: 'input_1.png: 8 x 8\ncrop: 12 x 12 first pixel (0, 200, 0)\n' })
    const crop = answer[0]!.functionResponse!.parts![0]!.inlineData!
    expect(await decodeImage({ mimeType: crop.mimeType!, data: crop.data! }, { x: 11, y: 11 })).toEqual({ width: 12, height: 12, pixel: GREEN })
    expect(response.candidates![0]!.content!.parts!.find((part) => part.inlineData)?.inlineData).toEqual(crop)
  })
})

test('Gemini’s recorded pandas, numpy, matplotlib, seaborn and sympy cases match on 0.27.7', { timeout: 300_000 }, async () => {
  const plan = await planFor(sandbox)
  const verdicts = await runCases(plan, '0.27.7', sandbox)
  expect(verdicts.length).toBeGreaterThan(0)
  // Google's sandbox has every library installed: a case that ran there must not fail here for want of one.
  expect(verdicts.filter((v) => v.missingImport !== undefined).map((v) => `${v.id}: ${v.missingImport}`)).toEqual([])
  expect(matchRate(verdicts)).toBeGreaterThanOrEqual(FLOOR['0.27.7'])
})
