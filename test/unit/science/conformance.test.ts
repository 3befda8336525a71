import { describe, expect, test } from 'vitest'
import { expectedOutcome, failedImport, judge, matchRate, normalise, planCases, type ConformanceCase } from '../../science/conformance.ts'
import type { RunResult } from '../../../src/index.ts'

function aCase(overrides: Partial<ConformanceCase>): ConformanceCase {
  return { id: 'c', code: 'print(1)', expected_output: '1\n', outcome: null, libraries: [], stdlib_only: true, needs_files: false, deterministic: true, tool_shim: false, truncated: false, session: null, ...overrides }
}

function ran(output: string, outcome: RunResult['outcome'] = 'OUTCOME_OK'): RunResult {
  return { outcome, output, stdout: output, stderr: '', images: [], files: [], durationMs: 1, truncated: false }
}

const STDLIB = new Set(['math', 'random', 'sys'])
const OFFERED = new Set(['pandas', 'numpy', 'matplotlib', 'seaborn'])

describe('the conformance rules', () => {
  test('normalise drops trailing whitespace and blank lines at either end, nothing else', () => {
    expect(normalise('\n\na  \n\n b\t\n\n')).toBe('a\n\n b')
  })

  test('planCases puts the standard library on 314.0.7 and the stack on 0.27.7, and says why the rest cannot run', () => {
    const plan = planCases(
      [
        aCase({ id: 'std', libraries: ['math'] }),
        aCase({ id: 'pd', libraries: ['pandas', 'math'] }),
        aCase({ id: 'shim', tool_shim: true }),
        aCase({ id: 'file', needs_files: true, libraries: ['pandas'] }),
        aCase({ id: 'ipy', libraries: ['IPython'] }),
        aCase({ id: 'later', libraries: ['seaborn'], session: { group: 'g', order: 2, requirements_including_earlier_blocks: { libraries: ['seaborn', 'pandas'], needs_files: true } } }),
      ],
      STDLIB,
      OFFERED,
    )
    expect(plan.runs['314.0.7'].map((c) => c.id)).toEqual(['std'])
    expect(plan.runs['0.27.7'].map((c) => c.id)).toEqual(['pd'])
    expect(Object.fromEntries(plan.skipped.map((s) => [s.id, s.why]))).toEqual({
      shim: 'calls a tool the Gemini backend injected',
      file: 'reads a file the user uploaded, which the recording does not hold',
      later: 'reads a file the user uploaded, which the recording does not hold',
      ipy: 'imports IPython, which no runtime here offers',
    })
  })

  test('a recorded traceback means Google’s run failed', () => {
    expect(expectedOutcome(aCase({ expected_output: 'x\nTraceback (most recent call last):\n ...' }))).toBe('OUTCOME_FAILED')
    expect(expectedOutcome(aCase({}))).toBe('OUTCOME_OK')
  })

  test('judge compares deterministic output exactly after normalisation, and the rest by outcome', () => {
    expect(judge(aCase({ expected_output: '1\n\n' }), '314.0.7', ran('1   \n')).match).toBe(true)
    const wrong = judge(aCase({}), '314.0.7', ran('2\n'))
    expect(wrong).toMatchObject({ match: false, compared: 'exact', detail: 'line 1: expected "1", got "2"' })
    expect(judge(aCase({ deterministic: false }), '314.0.7', ran('whatever\n'))).toMatchObject({ match: true, compared: 'outcome' })
    expect(judge(aCase({ expected_output: null }), '0.27.7', ran('', 'OUTCOME_FAILED')).match).toBe(false)
  })

  test('matchRate is the share of matches', () => {
    expect(matchRate([])).toBe(0)
    expect(matchRate([{ id: 'a', runtime: '314.0.7', compared: 'exact', match: true }, { id: 'b', runtime: '314.0.7', compared: 'exact', match: false }])).toBe(0.5)
  })

  test('a run that failed importing a library, where Google\'s ran, is counted as a missing on-demand import', () => {
    const failed = (message: string, traceback = '') => ({ ...ran('', 'OUTCOME_FAILED'), error: { type: 'ImportError', message, traceback } })
    expect(failedImport(failed("Missing optional dependency 'tabulate'.  Use pip or conda to install tabulate."))).toBe('tabulate')
    expect(failedImport(failed('matplotlib is required for plotting when the default backend "matplotlib" is selected.'))).toBe('matplotlib')
    expect(failedImport(failed('clustermap requires scipy to be available'))).toBe('scipy')
    expect(failedImport(failed('x', "ModuleNotFoundError: No module named 'openpyxl'"))).toBe('openpyxl')
    expect(failedImport({ ...failed('division by zero'), error: { type: 'ZeroDivisionError', message: 'division by zero', traceback: '' } })).toBeUndefined()
    const verdict = judge(aCase({ expected_output: '|a|\n' }), '0.27.7', failed("Missing optional dependency 'tabulate'."))
    expect(verdict).toMatchObject({ match: false, missingImport: 'tabulate' })
    expect(judge(aCase({ expected_output: '1\n' }), '0.27.7', ran('1\n')).missingImport).toBeUndefined()
  })
})
