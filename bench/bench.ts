/**
 * Measurements the benchmark script reads from `window.bench`. Every figure
 * is taken in the same page, next to the stock Pyodide worker recipe
 * (bench/stock.ts), so ratios cancel out most of the machine's noise.
 */
import { PythonSandbox } from '../src/index.ts'
import { SNAPSHOT_CACHE } from '../src/sandbox/snapshot-cache.ts'
import { settledMemory } from './memory.ts'
import { profileReplay, replay, type ReplayFigures } from './replay.ts'
import { science, type ScienceFigures } from './science.ts'
import { StockPyodide } from './stock.ts'

const SMALL_RUN = 'x = sum(i * i for i in range(1000))'
const PRINT_RUN = 'for i in range(2000):\n    print(i)'
const SLEEP = 'import time\ntime.sleep(1000)'
const STUBBORN = 'while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass'
const DROP_10_MB = 'x = [0] * (10 * 1024 * 1024 // 8)\ndel x'
const HEAP_BYTES = 'import pyodide_js\npyodide_js._module.HEAPU8.length'
const DEADLINE_MS = 500

/** One figure of ours next to the stock recipe's. */
export interface Row {
  name: string
  ours: number
  stock: number
  unit: 'ms' | '%' | 'MB'
  note?: string
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await task()
  return performance.now() - t
}

/** Waits until the sandbox has a spare ready, counting one seen before the wait. */
function spareOf(sandbox: PythonSandbox): { ready(): Promise<void> } {
  let ready = false
  let waiting: (() => void) | undefined
  sandbox.on('spare', () => {
    ready = true
    waiting?.()
  })
  return {
    async ready() {
      if (!ready) await new Promise<void>((resolve) => (waiting = resolve))
      ready = false // the action after this wait takes the spare
    },
  }
}

/** Waits (boundedly) until the first sandbox's snapshot is in Cache Storage, where the next visit finds it. */
async function snapshotKept(): Promise<void> {
  const cache = await caches.open(SNAPSHOT_CACHE)
  for (let attempt = 0; attempt < 300 && (await cache.keys()).length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100))
}

/** Kills the worker, then times the next run; `split` says where the restart's time went, stage by stage. */
async function recoveryAfterKill(sandbox: PythonSandbox): Promise<{ ms: number; split: string }> {
  await sandbox.run(STUBBORN, { timeoutMs: 200 })
  const stages: Array<[string, number]> = [['killed', performance.now()]]
  const unlisten = sandbox.on('load', ({ stage }) => stages.push([stage, performance.now()]))
  const ms = await timed(() => sandbox.run('pass'))
  unlisten()
  const split = stages.slice(1).map(([name, at], i) => `${name} +${Math.round(at - stages[i]![1])} ms`).join(', ')
  return { ms, split }
}

function stage(name: string): void {
  console.log(`bench: ${name}`)
}

async function heapOf(sandbox: PythonSandbox): Promise<number> {
  return Number((await sandbox.run(HEAP_BYTES)).displayValue)
}

async function memoryGrowth(runOnce: () => Promise<unknown>, heap: () => Promise<number>, runs: number): Promise<number> {
  await runOnce() // the first run settles the allocator; growth is counted from there
  const before = await heap()
  for (let i = 0; i < runs; i++) await runOnce()
  return ((await heap()) / before - 1) * 100
}

async function measure(repeats: number, memoryRuns: number): Promise<Row[]> {
  const rows: Row[] = []
  const stock = new StockPyodide()
  const stockCold = await stock.start()

  const coldStarted = performance.now()
  const python = new PythonSandbox({ timeoutMs: DEADLINE_MS })
  const spare = spareOf(python)
  await python.ready()
  stage('started')
  const ourCold = performance.now() - coldStarted
  rows.push({ name: 'cold start', ours: ourCold, stock: stockCold, unit: 'ms' })
  const withoutSpare = await settledMemory()
  const spareStarted = new Promise((resolve) => python.on('spare', resolve))
  await python.run('pass')
  await spareStarted
  const spareBytes = (await settledMemory()) - withoutSpare

  const small: [number[], number[]] = [[], []]
  const prints: [number[], number[]] = [[], []]
  for (let i = 0; i < repeats; i++) {
    small[0].push(await timed(() => python.run(SMALL_RUN)))
    small[1].push(await timed(() => stock.run(SMALL_RUN)))
    prints[0].push(await timed(() => python.run(PRINT_RUN)))
    prints[1].push(await timed(() => stock.run(PRINT_RUN)))
  }
  rows.push({ name: 'small run', ours: median(small[0]), stock: median(small[1]), unit: 'ms' })
  rows.push({ name: '2000 prints', ours: median(prints[0]), stock: median(prints[1]), unit: 'ms' })

  stage('runs')
  // time.sleep past the deadline: how long after the deadline the run ends, and whether the variables survive.
  await python.run('kept = 1')
  const ourSleep = (await timed(() => python.run(SLEEP))) - DEADLINE_MS
  const kept = (await python.run('print(kept)')).output === '1\n'
  const stockSleep = await stock.run(SLEEP, DEADLINE_MS)
  let stockSleepNote = 'interrupted'
  if (stockSleep.killed) {
    stockSleepNote = 'not interruptible: terminated after the grace period, then a cold start'
    stockSleep.ms += await stock.start()
  }
  rows.push({
    name: 'sleep stopped after deadline',
    ours: ourSleep,
    stock: stockSleep.ms - DEADLINE_MS,
    unit: 'ms',
    note: `ours: ${kept ? 'variables kept' : 'variables LOST'}; stock: ${stockSleepNote}`,
  })

  stage('sleep')
  // A kill: from the killed run's result to the next run's answer.
  const stockKill = await stock.run(STUBBORN, 200)
  const stockRecovery = (stockKill.killed ? await stock.start() : 0) + (await timed(() => stock.run('pass')))
  await spare.ready()
  await python.run(STUBBORN, { timeoutMs: 200 })
  rows.push({ name: 'recovery after kill (spare)', ours: await timed(() => python.run('pass')), stock: stockRecovery, unit: 'ms' })

  stage('kill')
  await spare.ready()
  const ourReset = await timed(() => python.reset())
  rows.push({ name: 'reset() (spare)', ours: ourReset, stock: stockCold, unit: 'ms', note: 'stock: a cold start' })

  stage('reset')
  // Its new spare would start beside the next measurements and slow them down.
  python.dispose()
  // Without a spare: a standby takes its place, and a restart starts from the memory snapshot.
  await snapshotKept()
  const plain = new PythonSandbox({ spare: false, timeoutMs: DEADLINE_MS })
  const standby = spareOf(plain)
  await plain.ready()
  const withoutStandby = await settledMemory()
  const freshHeap = await heapOf(plain)
  await standby.ready()
  const standbyBytes = (await settledMemory()) - withoutStandby
  const { ms: fromSnapshot, split } = await recoveryAfterKill(plain)
  const restored = (await plain.ready()).fromSnapshot === true
  rows.push({ name: 'recovery after kill (no spare)', ours: fromSnapshot, stock: stockRecovery, unit: 'ms', note: `${restored ? 'from the memory snapshot' : 'snapshot NOT used: a cold start'}; ${split}` })

  stage('snapshot')
  // The same without the snapshot: the cold restart the snapshot saves.
  const cold = new PythonSandbox({ spare: false, snapshot: false, timeoutMs: DEADLINE_MS })
  const coldStandby = spareOf(cold)
  await cold.ready()
  await cold.run('pass')
  await coldStandby.ready()
  const { ms: coldRecovery, split: coldSplit } = await recoveryAfterKill(cold)
  cold.dispose()
  rows.push({ name: 'recovery after kill (no spare, no snapshot)', ours: coldRecovery, stock: stockRecovery, unit: 'ms', note: `a cold start; ${coldSplit}` })
  rows.push({ name: 'snapshot restart / cold start', ours: (fromSnapshot / ourCold) * 100, stock: 100, unit: '%', note: 'target: at most 20 % or 600 ms' })

  stage('memory')
  const ourGrowth = await memoryGrowth(() => plain.run(DROP_10_MB), () => heapOf(plain), memoryRuns)
  const stockGrowth = await memoryGrowth(
    () => stock.run(DROP_10_MB),
    async () => Number((await stock.run(HEAP_BYTES)).value),
    memoryRuns,
  )
  rows.push({ name: `memory growth, ${memoryRuns} runs of 10 MB`, ours: ourGrowth, stock: stockGrowth, unit: '%', note: 'WebAssembly heap' })
  rows.push({ name: 'a started worker: WebAssembly heap', ours: freshHeap / 2 ** 20, stock: 0, unit: 'MB', note: 'stock has no spare' })
  rows.push({ name: 'spare: memory', ours: spareBytes / 2 ** 20, stock: 0, unit: 'MB', note: "the browser's processes (PSS) with the spare, less without it" })
  rows.push({ name: 'standby (no spare): memory', ours: standbyBytes / 2 ** 20, stock: 0, unit: 'MB', note: "the browser's processes (PSS) with the standby, less without it" })

  plain.dispose()
  stock.stop()
  return rows
}

declare global {
  interface Window {
    bench: (repeats: number, memoryRuns: number) => Promise<{ rows: Row[]; isolated: boolean }>
    benchScience: (distributionURL: string, plainURL: string) => Promise<ScienceFigures>
    benchReplay: (distributionURL: string, plainURL: string) => Promise<{ replay: ReplayFigures; profile: string[] }>
    benchRepeatVisit: () => Promise<RepeatVisit>
    /** Set by the bench script: the memory (PSS, bytes) of all the browser's processes. */
    benchMemory: () => Promise<number>
  }
}

window.benchScience = science
// The replayed turn alone, after an untimed profile of it that also fills the browser's cache.
window.benchReplay = async (distributionURL, plainURL) => {
  return { profile: await profileReplay(distributionURL), replay: await replay(distributionURL, plainURL) }
}

/** A visit to a page whose origin has loaded Python before: files in the HTTP cache, the snapshot in Cache Storage. */
export interface RepeatVisit {
  /** From the sandbox's creation to ready. */
  ours: number
  /** From navigation start to ready: the page's own loading included. */
  oursFromNavigation: number
  fromSnapshot: boolean
  /** The stock recipe's start in the same page, after ours. */
  stock: number
}

window.benchRepeatVisit = async () => {
  const created = performance.now()
  const python = new PythonSandbox({ spare: false })
  const info = await python.ready()
  const ready = performance.now()
  python.dispose()
  const stock = new StockPyodide()
  const stockMs = await stock.start()
  stock.stop()
  return { ours: ready - created, oursFromNavigation: ready, fromSnapshot: info.fromSnapshot === true, stock: stockMs }
}

window.bench = async (repeats, memoryRuns) => ({ rows: await measure(repeats, memoryRuns), isolated: crossOriginIsolated })
