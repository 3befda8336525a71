/**
 * Measurements the benchmark script reads from `window.bench`. Every figure
 * is taken in the same page, so ratios against the baseline cancel out most
 * of the machine's noise.
 */
import { PythonSandbox } from '../src/index.ts'
import { science, type ScienceFigures } from './science.ts'

const SMALL_RUN = 'x = sum(i * i for i in range(1000))'
const PRINT_RUN = 'for i in range(2000):\n    print(i)'

interface Figures {
  coldStartMs: number
  smallRunMs: number
  printRunMs: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function baseline(repeats: number): Promise<Figures> {
  const worker = new Worker(new URL('./baseline-worker.ts', import.meta.url), { type: 'module' })
  const codes = [...Array(repeats)].flatMap(() => [{ code: SMALL_RUN }, { code: PRINT_RUN }])
  const answer = await new Promise<{ coldStartMs: number; runs: number[] }>((resolve) => {
    worker.onmessage = (event) => resolve(event.data)
    worker.postMessage(codes)
  })
  worker.terminate()
  return {
    coldStartMs: answer.coldStartMs,
    smallRunMs: median(answer.runs.filter((_, i) => i % 2 === 0)),
    printRunMs: median(answer.runs.filter((_, i) => i % 2 === 1)),
  }
}

async function sandbox(repeats: number): Promise<Figures & { interruptRecoveryMs: number; killRecoveryMs: number; resetMs: number }> {
  const started = performance.now()
  const python = new PythonSandbox()
  await python.ready()
  const coldStartMs = performance.now() - started
  const small: number[] = []
  const printing: number[] = []
  for (let i = 0; i < repeats; i++) {
    let t = performance.now()
    await python.run(SMALL_RUN)
    small.push(performance.now() - t)
    t = performance.now()
    await python.run(PRINT_RUN)
    printing.push(performance.now() - t)
  }
  // Time from the deadline to the next run's answer: the cost of recovering.
  const recovery = async (code: string) => {
    await python.run(code, { timeoutMs: 200 })
    const t = performance.now()
    await python.run('pass')
    return performance.now() - t
  }
  const interruptRecoveryMs = await recovery('while True: pass')
  const killRecoveryMs = await recovery('while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass')
  const t = performance.now()
  await python.reset()
  const resetMs = performance.now() - t
  python.dispose()
  return { coldStartMs, smallRunMs: median(small), printRunMs: median(printing), interruptRecoveryMs, killRecoveryMs, resetMs }
}

declare global {
  interface Window {
    bench: (repeats: number) => Promise<{ baseline: Figures; sandbox: Awaited<ReturnType<typeof sandbox>>; isolated: boolean }>
    benchScience: (distributionURL: string) => Promise<ScienceFigures>
  }
}

window.benchScience = science

window.bench = async (repeats) => ({ baseline: await baseline(repeats), sandbox: await sandbox(repeats), isolated: crossOriginIsolated })
