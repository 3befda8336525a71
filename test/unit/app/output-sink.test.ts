/** The console's output batching, with a fake DOM and frame clock: what lands in which block, and when. */
import { beforeEach, expect, test, vi } from 'vitest'
import { MAX_CHARS_PER_FRAME, OutputSink } from '../../../src/app/console/output-sink.ts'

interface FakeNode {
  className: string
  textContent: string
  children: FakeNode[]
  append(...nodes: FakeNode[]): void
}

function fakeElement(): FakeNode {
  const node: FakeNode = {
    className: '',
    textContent: '',
    children: [],
    append: (...nodes) => void node.children.push(...nodes),
  }
  return node
}

let frames: Array<() => void>
const nextFrame = () => frames.splice(0).forEach((callback) => callback())

beforeEach(() => {
  frames = []
  vi.stubGlobal('requestAnimationFrame', (callback: () => void) => frames.push(callback))
  vi.stubGlobal('document', { createElement: fakeElement })
})

function sink() {
  const element = Object.assign(fakeElement(), { addEventListener() {}, scrollTop: 0, scrollHeight: 0, clientHeight: 0 })
  const blocks = () => element.children.map((block) => block.children.map((span) => `${span.className}:${span.textContent}`))
  return { sink: new OutputSink(element as unknown as HTMLElement), blocks }
}

test('chunks written between frames land in one block per frame, whole lines only until the run ends', async () => {
  const { sink: output, blocks } = sink()
  output.write('stdout', 'a\n')
  output.write('stdout', 'b\npart')
  output.write('stderr', 'oops\n')
  output.write('stdout', 'tail')
  expect(blocks()).toEqual([])
  nextFrame()
  expect(blocks()).toEqual([['stdout:a\nb\npart', 'stderr:oops\n']])
  const drained = output.drained()
  nextFrame()
  await drained
  expect(blocks()).toEqual([['stdout:a\nb\npart', 'stderr:oops\n'], ['stdout:tail']])
})

test('a flood drains over several frames, each within its budget, and ends complete', async () => {
  const { sink: output, blocks } = sink()
  const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`)
  for (const line of lines) output.write('stdout', line)
  const drained = output.drained()
  let count = 0
  while (frames.length > 0) {
    nextFrame()
    count++
  }
  await drained
  expect(count).toBeGreaterThan(2)
  expect(blocks().every((block) => block.join('').length <= MAX_CHARS_PER_FRAME + 'stdout:'.length)).toBe(true)
  expect(blocks().flat().map((span) => span.slice('stdout:'.length)).join('')).toBe(lines.join(''))
})
