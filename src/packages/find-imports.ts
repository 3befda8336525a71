/**
 * The modules a piece of Python source imports, found before it runs so their
 * packages can be loaded first.
 *
 * One linear pass over the tokens, with no recursion and no parser: the scan
 * runs before the run's deadline starts, so it must cost the same on a
 * 5000-deep nested literal or a megabyte of source as on ordinary code, and
 * it must never fail. `import` and `from` are hard keywords, so outside
 * strings and comments each `import` token belongs to an import statement;
 * that is all the scan relies on. Code with a syntax error still gets its
 * imports loaded, and the run then reports the error as Python sees it.
 *
 * @example
 * findImports('import numpy as np\nfrom scipy.stats import norm') // ['numpy', 'scipy']
 */
export function findImports(source: string): string[] {
  const tokens = tokenize(source)
  const found = new Set<string>()
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token === 'from') {
      // from .module import x is relative to a package, which main.py never is: nothing to load.
      let next = i + 1
      let relative = false
      while (tokens[next] === '.') {
        relative = true
        next++
      }
      const [name, after] = dottedName(tokens, next)
      if (tokens[after] === 'import') {
        if (!relative && name !== undefined) found.add(topLevel(name))
        i = after // what follows this `import` names attributes, not modules
      }
    } else if (token === 'import') {
      // import a.b as c, d
      let next = i + 1
      for (;;) {
        const [name, after] = dottedName(tokens, next)
        if (name === undefined) break
        found.add(topLevel(name))
        next = tokens[after] === 'as' ? after + 2 : after
        if (tokens[next] !== ',') break
        next++
      }
      i = next - 1
    }
  }
  return [...found].sort()
}

/** Marks the end of a logical line (a newline or `;`), and anything that is neither a name nor `.` `,`. */
const END = '\n'
const OTHER = '?'

const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}]*/uy
const STRING_PREFIX = /^(?:[rRbBuUfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/

/** Reads `a.b.c` from `start`; returns it (undefined when no name starts there) and the index after it. */
function dottedName(tokens: readonly string[], start: number): [string | undefined, number] {
  if (!isName(tokens[start])) return [undefined, start]
  let name = tokens[start]!
  let next = start + 1
  while (tokens[next] === '.' && isName(tokens[next + 1])) {
    name += `.${tokens[next + 1]!}`
    next += 2
  }
  return [name, next]
}

const NOT_NAMES = new Set([END, OTHER, '.', ',', 'import', 'from', 'as'])

function isName(token: string | undefined): boolean {
  return token !== undefined && !NOT_NAMES.has(token)
}

function topLevel(name: string): string {
  return name.split('.')[0]!
}

/**
 * Names, `.`, `,`, line ends and OTHER for everything else; strings, comments
 * and numbers vanish. Unterminated strings end where Python would give up.
 */
function tokenize(source: string): string[] {
  const tokens: string[] = []
  let at = 0
  while (at < source.length) {
    const char = source[at]!
    if (char === '#') {
      const end = source.indexOf('\n', at)
      at = end < 0 ? source.length : end
    } else if (char === '\n' || char === '\r' || char === ';') {
      tokens.push(END)
      at++
    } else if (char === '\\' && (source[at + 1] === '\n' || source[at + 1] === '\r')) {
      at += 2 // a continued line: the statement goes on
    } else if (char === ' ' || char === '\t' || char === '\f') {
      at++
    } else if (char === '"' || char === "'") {
      at = endOfString(source, at)
      tokens.push(OTHER)
    } else if (char >= '0' && char <= '9') {
      at = skipNumber(source, at)
      tokens.push(OTHER)
    } else if (char === '.' || char === ',') {
      tokens.push(char)
      at++
    } else {
      IDENTIFIER.lastIndex = at
      const name = IDENTIFIER.exec(source)?.[0]
      if (name === undefined) {
        tokens.push(OTHER)
        at++
      } else if (STRING_PREFIX.test(name) && (source[at + name.length] === '"' || source[at + name.length] === "'")) {
        at = endOfString(source, at + name.length)
        tokens.push(OTHER)
      } else {
        tokens.push(name)
        at += name.length
      }
    }
  }
  return tokens
}

/** The index just past the string literal whose opening quote is at `start`. */
function endOfString(source: string, start: number): number {
  const quote = source[start]!
  const triple = source.startsWith(quote.repeat(3), start)
  let at = start + (triple ? 3 : 1)
  while (at < source.length) {
    const char = source[at]!
    if (char === '\\') at += 2
    else if (triple ? source.startsWith(quote.repeat(3), at) : char === quote) return at + (triple ? 3 : 1)
    else if (!triple && (char === '\n' || char === '\r')) return at
    else at++
  }
  return source.length
}

function skipNumber(source: string, start: number): number {
  let at = start + 1
  while (at < source.length && /[0-9A-Za-z_.]/.test(source[at]!)) at++
  return at
}
