/**
 * The libraries a turn will likely import, guessed from what is known before
 * its code arrives, so the sandbox can load them while the model is still
 * writing (`PythonSandbox.preload`).
 *
 * A guess costs at most some idle time and memory: the run loads what its code
 * really imports anyway, so a wrong guess never changes a result. The rules
 * therefore aim at the common case ("analyse this CSV and chart it") and stay
 * cheap: every scan is linear in its text.
 *
 * @example
 * likelyLibraries({ attachments: [{ name: 'input_1.csv', mimeType: 'text/csv' }], text: ['plot it'] }) // ['pandas', 'matplotlib']
 */
import { findImports } from './find-imports.ts'
import { SUPPORTED_LIBRARIES } from './libraries.ts'

export interface LibrarySignals {
  /** Files the user attached (or put into the working directory). */
  attachments?: ReadonlyArray<{ name: string; mimeType: string }>
  /** Code the conversation already ran, or a model's function-call arguments as they stream in (raw JSON is fine). */
  code?: readonly string[]
  /** The user's message and the model's streamed text and thoughts. */
  text?: readonly string[]
}

/** Top-level import names the sandbox may offer; the default is every library the product supports. */
const SUPPORTED_IMPORTS: readonly string[] = SUPPORTED_LIBRARIES.flatMap((library) => library.imports.filter((name) => !name.includes('.')))

/** What an attached file is read with, by MIME type or extension. */
const ATTACHMENT_RULES: ReadonlyArray<{ types: RegExp; extensions: RegExp; imports: readonly string[] }> = [
  { types: /^(text\/csv|text\/tab-separated-values|application\/json|application\/vnd\.ms-excel|application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet)$/, extensions: /\.(csv|tsv|json|xlsx|xls)$/i, imports: ['pandas'] },
  { types: /^image\//, extensions: /\.(png|jpe?g|gif|webp|bmp)$/i, imports: ['PIL'] },
]

/**
 * Words in prose that name a library without being its import name. Only
 * words that in a request to a code tool nearly always mean that library:
 * a chart is drawn with matplotlib, a table of data read with pandas.
 */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['plot', 'matplotlib'],
  ['plots', 'matplotlib'],
  ['chart', 'matplotlib'],
  ['charts', 'matplotlib'],
  ['graph', 'matplotlib'],
  ['histogram', 'matplotlib'],
  ['pyplot', 'matplotlib'],
  ['dataframe', 'pandas'],
  ['csv', 'pandas'],
  ['spreadsheet', 'pandas'],
  ['excel', 'pandas'],
  ['pillow', 'PIL'],
  ['opencv', 'cv2'],
  ['scikit-learn', 'sklearn'],
  ['sklearn', 'sklearn'],
])

/** Import names that are everyday words in prose: only an import statement counts for them. */
const NOT_FROM_PROSE = new Set(['six', 'attr', 'attrs', 'packaging', 'pylab'])

/** Longest text scanned per signal: enough for a message or a thought, and a bound on the work per streamed chunk. */
const MAX_SCAN_CHARS = 200_000

/**
 * Offered import names the signals point at, most certain first (imports,
 * then attachments, then prose), without repeats.
 */
export function likelyLibraries(signals: LibrarySignals, offered: readonly string[] = SUPPORTED_IMPORTS): string[] {
  const offeredSet = new Set(offered)
  const byLowerName = new Map(offered.map((name) => [name.toLowerCase(), name]))
  const found = new Set<string>()
  const add = (name: string | undefined) => {
    if (name !== undefined && offeredSet.has(name)) found.add(name)
  }
  for (const code of signals.code ?? []) findImports(codeIn(code.slice(0, MAX_SCAN_CHARS))).forEach(add)
  for (const { name, mimeType } of signals.attachments ?? []) {
    const type = mimeType.split(';')[0]!.trim().toLowerCase()
    for (const rule of ATTACHMENT_RULES) if (rule.types.test(type) || rule.extensions.test(name)) rule.imports.forEach(add)
  }
  for (const text of signals.text ?? []) {
    for (const word of words(text.slice(0, MAX_SCAN_CHARS))) {
      // `scikit-learn` is one name, `pandas-based` is pandas.
      for (const lower of new Set([word, ...word.split('-')].map((part) => part.toLowerCase()))) {
        if (!NOT_FROM_PROSE.has(lower)) add(byLowerName.get(lower) ?? ALIASES.get(lower))
      }
    }
  }
  return [...found]
}

/** Words as Python names and hyphenated names (`scikit-learn`) are written. */
function words(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/g) ?? []
}

/**
 * Function-call arguments stream in as JSON text, possibly cut mid-way: the
 * code is in its string values, with its line breaks and quotes escaped. Each
 * string of a JSON object becomes a line of its own; anything else is code as is.
 */
function codeIn(text: string): string {
  if (!text.trimStart().startsWith('{')) return text
  const strings: string[] = []
  for (const [, body] of text.matchAll(/"((?:[^"\\]|\\.)*)(?:"|\\?$)/g)) {
    try {
      strings.push(JSON.parse(`"${body!}"`) as string)
    } catch {
      strings.push(body!) // a \u escape cut in half: the rest is still worth scanning
    }
  }
  return strings.join('\n')
}
