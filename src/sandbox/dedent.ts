/**
 * Models sometimes indent a whole block (it sat inside a list or a code fence
 * in their answer). Google's own sandbox runs such a block; Python would stop
 * at an IndentationError. So the block's common leading whitespace is removed
 * before the run, as `textwrap.dedent` would, and nothing else changes: code
 * whose first line starts at column 0 is returned as is, line numbers stay the
 * same, and a block indented with mixed tabs and spaces is left for Python to judge.
 *
 * @example
 * dedentBlock('    x = 1\n    print(x)\n')   // 'x = 1\nprint(x)\n'
 */
export function dedentBlock(code: string): string {
  const lines = code.split('\n')
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0])
  if (indents.length === 0 || indents[0] === '') return code
  let margin = indents[0]!
  for (const indent of indents) {
    while (!indent.startsWith(margin)) margin = margin.slice(0, -1)
    if (margin === '') return code
  }
  return lines.map((line) => (line.trim() === '' ? line.replace(/^[ \t]+$/, '') : line.slice(margin.length))).join('\n')
}
