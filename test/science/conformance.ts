/**
 * Gemini's own code-execution outputs as a conformance suite: which recorded
 * cases our sandbox can run, on which runtime, and whether what it printed
 * matches what Google's sandbox printed. Pure, so the rules read in one place.
 * The cases live in ../shared/gemini-conformance/cases.json (see its README).
 */
import type { RunResult } from '../../src/index.ts'

export interface ConformanceCase {
  id: string
  code: string
  expected_output: string | null
  outcome: string | null
  libraries: string[]
  stdlib_only: boolean
  needs_files: boolean
  deterministic: boolean
  tool_shim: boolean
  truncated: boolean
  session: { group: string; order: number; requirements_including_earlier_blocks?: { libraries: string[]; needs_files: boolean } } | null
}

export type Runtime = '314.0.7' | '0.27.7'

export interface Plan {
  /** Runnable cases by runtime, blocks of one model turn together and in order. */
  runs: Record<Runtime, ConformanceCase[]>
  /** Why each other case cannot run here. */
  skipped: Array<{ id: string; why: string }>
}

export interface Verdict {
  id: string
  runtime: Runtime
  /** 'exact': the output is compared; 'outcome': only whether it ran or failed (random, time, truncated, no output recorded, errors). */
  compared: 'exact' | 'outcome'
  match: boolean
  detail?: string
  /** The module whose import failed the run where Google's sandbox ran it: a library imported on demand that did not load. */
  missingImport?: string
}

/** Lines without trailing whitespace, without blank lines at either end. */
export function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
}

function requirements(c: ConformanceCase): { libraries: string[]; needsFiles: boolean } {
  const earlier = c.session?.requirements_including_earlier_blocks
  return { libraries: earlier?.libraries ?? c.libraries, needsFiles: earlier?.needs_files ?? c.needs_files }
}

/**
 * Sorts the cases onto runtimes: the standard library on 314.0.7, the rest on
 * 0.27.7 when every library they import is offered there.
 */
export function planCases(cases: readonly ConformanceCase[], stdlib: ReadonlySet<string>, offered0277: ReadonlySet<string>): Plan {
  const runs: Plan['runs'] = { '314.0.7': [], '0.27.7': [] }
  const skipped: Plan['skipped'] = []
  const ordered = [...cases].sort((a, b) => (a.session?.group ?? a.id).localeCompare(b.session?.group ?? b.id) || (a.session?.order ?? 0) - (b.session?.order ?? 0))
  for (const c of ordered) {
    const { libraries, needsFiles } = requirements(c)
    const thirdParty = libraries.filter((name) => !stdlib.has(name))
    if (c.tool_shim) skipped.push({ id: c.id, why: 'calls a tool the Gemini backend injected' })
    else if (needsFiles) skipped.push({ id: c.id, why: 'reads a file the user uploaded, which the recording does not hold' })
    else if (thirdParty.length === 0) runs['314.0.7'].push(c)
    else if (thirdParty.every((name) => offered0277.has(name))) runs['0.27.7'].push(c)
    else skipped.push({ id: c.id, why: `imports ${thirdParty.filter((name) => !offered0277.has(name)).join(', ')}, which no runtime here offers` })
  }
  return { runs, skipped }
}

const TRACEBACK = 'Traceback (most recent call last)'

/** What Google's sandbox reported: failed when its output holds a traceback. */
export function expectedOutcome(c: ConformanceCase): 'OUTCOME_OK' | 'OUTCOME_FAILED' {
  if (c.outcome === 'OUTCOME_FAILED' || c.expected_output?.includes(TRACEBACK)) return 'OUTCOME_FAILED'
  return 'OUTCOME_OK'
}

/** Compares one run with the recording: exactly after normalisation when the output is deterministic and whole, else by outcome. */
export function judge(c: ConformanceCase, runtime: Runtime, result: RunResult): Verdict {
  const outcome = expectedOutcome(c)
  const exact = c.deterministic && !c.truncated && c.expected_output !== null && outcome === 'OUTCOME_OK'
  if (result.outcome !== outcome) {
    const missingImport = outcome === 'OUTCOME_OK' ? failedImport(result) : undefined
    return {
      id: c.id,
      runtime,
      compared: exact ? 'exact' : 'outcome',
      match: false,
      ...(missingImport === undefined ? {} : { missingImport }),
      detail: `${result.outcome} where Google's sandbox had ${outcome}${result.error ? ` (${result.error.type}: ${result.error.message.slice(0, 160)})` : ''}`,
    }
  }
  if (!exact) return { id: c.id, runtime, compared: 'outcome', match: true }
  const ours = normalise(result.output)
  const theirs = normalise(c.expected_output ?? '')
  if (ours === theirs) return { id: c.id, runtime, compared: 'exact', match: true }
  return { id: c.id, runtime, compared: 'exact', match: false, detail: firstDifference(theirs, ours) }
}

/** How libraries say that a module they import is missing, each capturing the module's name. */
const IMPORT_FAILURES = [
  /No module named '([\w.]+)'/,
  /Missing optional dependency '([\w.]+)'/,
  /(\w+) is required for/,
  /requires (\w+) to be (?:available|installed)/,
]

/** The module a failed run could not import, from its error or traceback, or undefined when it failed otherwise. */
export function failedImport(result: Pick<RunResult, 'outcome' | 'error'>): string | undefined {
  if (result.outcome !== 'OUTCOME_FAILED' || result.error === undefined) return undefined
  const text = `${result.error.message}\n${result.error.traceback ?? ''}`
  for (const pattern of IMPORT_FAILURES) {
    const name = pattern.exec(text)?.[1]
    if (name !== undefined) return name
  }
  return undefined
}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n')
  const b = actual.split('\n')
  const line = a.findIndex((text, i) => text !== b[i])
  const at = line === -1 ? a.length : line
  return `line ${at + 1}: expected ${JSON.stringify(a[at] ?? '<end>').slice(0, 120)}, got ${JSON.stringify(b[at] ?? '<end>').slice(0, 120)}`
}

/** The match rate over every compared case, as a fraction. */
export function matchRate(verdicts: readonly Verdict[]): number {
  return verdicts.length === 0 ? 0 : verdicts.filter((v) => v.match).length / verdicts.length
}
