import { describe, expect, test } from 'vitest'
import { dedentBlock } from '../../../src/sandbox/dedent.ts'

describe('dedentBlock', () => {
  test('removes the indentation a model gave a whole block, keeping the nesting inside it', () => {
    expect(dedentBlock('\n    for i in range(2):\n        print(i)\n\n    print("done")\n')).toBe('\nfor i in range(2):\n    print(i)\n\nprint("done")\n')
  })

  test('leaves code that starts at column 0 exactly as it is, blank lines with spaces included', () => {
    const code = 'def f():\n    return 1\n    \nprint(f())\n'
    expect(dedentBlock(code)).toBe(code)
  })

  test('keeps the line count, so tracebacks point at the lines the model wrote', () => {
    const code = '  a = 1\n\n  b = 2\n  raise ValueError(a + b)\n'
    expect(dedentBlock(code).split('\n')).toHaveLength(code.split('\n').length)
  })

  test('removes only the margin every line shares', () => {
    expect(dedentBlock('    x = 1\n  y = 2\n')).toBe('  x = 1\ny = 2\n')
  })

  test('leaves a block indented with tabs on some lines and spaces on others for Python to judge', () => {
    const code = '\tx = 1\n    y = 2\n'
    expect(dedentBlock(code)).toBe(code)
  })

  test('whitespace-only blank lines inside a dedented block become empty', () => {
    expect(dedentBlock('    x = 1\n        \n    y = 2')).toBe('x = 1\n\ny = 2')
  })

  test('empty and blank code come back unchanged', () => {
    expect(dedentBlock('')).toBe('')
    expect(dedentBlock('  \n ')).toBe('  \n ')
  })
})
