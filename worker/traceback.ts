/**
 * Removes the sandbox's own frames from a Python traceback.
 *
 * The code runs as `main.py` under Pyodide's evaluation machinery, so a raw
 * traceback starts with frames from `_pyodide/_base.py` and our runner. A model
 * (or a student) should see what `python main.py` would print: the frames
 * from `main.py` onwards, and nothing above them.
 */
const FRAME = /^ {2}File "(?<file>[^"]*)", line \d+(?<where>, in .*)?$/
const HEADER = 'Traceback (most recent call last):'
/**
 * The sandbox's own Python helpers: run from strings as `<sandbox-runner>` or
 * `<sandbox import guard>`, or imported from `/lib/sandbox/` (`display()`).
 */
const SANDBOX_FILE = /^(<sandbox[ -]|\/lib\/sandbox\/)/

interface Frame {
  file: string
  /** False for the location line of a SyntaxError, which names no function. */
  isCall: boolean
  lines: string[]
}

export function cleanTraceback(traceback: string, userFile = 'main.py'): string {
  return splitChain(traceback)
    .map((block) => cleanBlock(block, userFile))
    .join('')
}

/** Splits a chained traceback ("During handling of the above exception ...") into its blocks. */
function splitChain(traceback: string): string[] {
  const blocks: string[] = []
  let current = ''
  for (const line of traceback.split(/(?<=\n)/)) {
    if (line.startsWith(HEADER) && current !== '') {
      blocks.push(current)
      current = ''
    }
    current += line
  }
  if (current) blocks.push(current)
  return blocks
}

function cleanBlock(block: string, userFile: string): string {
  const lines = block.split(/(?<=\n)/)
  const headerAt = lines.findIndex((line) => line.startsWith(HEADER))
  if (headerAt < 0) return block

  const before = lines.slice(0, headerAt)
  const frames: Frame[] = []
  let rest = headerAt + 1
  while (rest < lines.length) {
    const match = FRAME.exec(lines[rest]!.replace(/\n$/, ''))
    if (match) {
      frames.push({ file: match.groups!.file!, isCall: match.groups!.where !== undefined, lines: [lines[rest]!] })
    } else if (lines[rest]!.startsWith('    ') && frames.length > 0) {
      frames[frames.length - 1]!.lines.push(lines[rest]!)
    } else {
      break
    }
    rest++
  }

  const firstUserFrame = frames.findIndex((frame) => frame.file === userFile)
  if (firstUserFrame < 0) return block
  const kept = frames.slice(firstUserFrame).filter((frame) => !SANDBOX_FILE.test(frame.file))
  const calls = kept.filter((frame) => frame.isCall)
  // A SyntaxError in main.py has only its location line left: Python prints that without a header.
  const header = calls.length > 0 ? [lines[headerAt]!] : []
  return [...before, ...header, ...kept.flatMap((frame) => frame.lines), ...lines.slice(rest)].join('')
}
