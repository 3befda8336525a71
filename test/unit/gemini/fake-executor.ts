/**
 * A `CodeExecutor` for Node tests that recognises the fixtures' programs
 * instead of running Python. The Chromium tests run the same fixtures in the
 * real sandbox.
 */
import type { CodeExecutor, ExecutorEnvironment, FileAcceptingExecutor, FilePrivacy, RunOptions, WorkingDirectoryFile } from '../../../src/executor.ts'
import type { RunResult } from '../../../src/protocol.ts'

export const RED_PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'

function ok(output: string, extra: Partial<RunResult> = {}): RunResult {
  return { outcome: 'OUTCOME_OK', output, stdout: output, stderr: '', images: [], files: [], durationMs: 1, truncated: false, ...extra }
}

export class FakeExecutor implements CodeExecutor {
  readonly runs: string[] = []
  private readonly variables = new Map<string, number>()

  async run(code: string, options: RunOptions = {}): Promise<RunResult> {
    this.runs.push(code)
    const say = (text: string) => options.onOutput?.({ stream: 'stdout', text })
    if (code.includes('while True')) {
      say('starting\n')
      const stopped = await new Promise<'aborted' | 'deadline'>((resolve) => {
        if (options.signal?.aborted) return resolve('aborted')
        const timer = setTimeout(() => resolve('deadline'), options.timeoutMs ?? 30_000)
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          resolve('aborted')
        })
      })
      if (stopped === 'aborted') return ok('starting\n')
      return { ...ok('starting\n'), outcome: 'OUTCOME_DEADLINE_EXCEEDED', stateLost: true }
    }
    if (code.includes('1 / 0')) {
      const traceback = 'Traceback (most recent call last):\n  File "<exec>", line 2, in <module>\nZeroDivisionError: division by zero\n'
      return {
        ...ok(traceback),
        outcome: 'OUTCOME_FAILED',
        stdout: '',
        stderr: traceback,
        error: { type: 'ZeroDivisionError', message: 'division by zero', traceback },
      }
    }
    if (code.includes('sum(primes)')) {
      say('50 5117\n')
      return ok('50 5117\n')
    }
    if (code.includes('display(png)')) return ok('drew a red pixel\n', { images: [{ mimeType: 'image/png', data: RED_PIXEL_PNG }] })
    const assign = /^(\w+) (\+?)= (\d+)/m.exec(code)
    if (assign) {
      const [, name, plus, value] = assign as unknown as [string, string, string, string]
      this.variables.set(name, (plus ? (this.variables.get(name) ?? 0) : 0) + Number(value))
      return ok(`${this.variables.get(name)}\n`)
    }
    const printed = /print\("([^"]*)"\)/.exec(code)
    if (printed) return ok(`${printed[1]}\n`)
    if (code.includes('print(x * 2)')) return ok(`${(this.variables.get('x') ?? 0) * 2}\n`)
    return ok('')
  }
}

/**
 * A fake that takes files, recording each `putFiles` call, and describes
 * them like `PythonSandbox.environment()`; names in `refuse` are rejected
 * like an oversized file.
 */
export class FileTakingExecutor extends FakeExecutor implements FileAcceptingExecutor {
  readonly puts: string[][] = []
  readonly files = new Map<string, Uint8Array>()
  constructor(private readonly refuse: readonly string[] = []) {
    super()
  }
  async putFiles(files: readonly WorkingDirectoryFile[]): Promise<void> {
    this.puts.push(files.map((file) => file.name))
    const refused = files.find((file) => this.refuse.includes(file.name))
    if (refused) throw new Error(`File "${refused.name}" is over the 50 MiB limit for one file.`)
    for (const file of files) this.files.set(file.name, file.data)
  }

  async environment({ filePrivacy }: { filePrivacy: FilePrivacy }): Promise<ExecutorEnvironment> {
    const files = [...this.files].map(([name, data]) => {
      const text = name.endsWith('.csv') && filePrivacy !== 'none' ? new TextDecoder().decode(data) : undefined
      return { name, size: data.length, ...(text !== undefined ? { content: text } : {}) }
    })
    return { pythonVersion: '3.14', libraries: ['matplotlib'], workingDirectory: '/home/pyodide', files }
  }
}
