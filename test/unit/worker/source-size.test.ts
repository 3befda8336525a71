import { describe, expect, test } from 'vitest'
import { DEFAULT_MAX_SOURCE_BYTES, sourceSizeProblem } from '../../../worker/source-size.ts'

describe('sourceSizeProblem', () => {
  test('code within the limit is accepted, counted in UTF-8 bytes', () => {
    expect(sourceSizeProblem('print(1)', DEFAULT_MAX_SOURCE_BYTES)).toBeUndefined()
    expect(sourceSizeProblem('x'.repeat(DEFAULT_MAX_SOURCE_BYTES), DEFAULT_MAX_SOURCE_BYTES)).toBeUndefined()
    expect(sourceSizeProblem('é'.repeat(5), 10)).toBeUndefined()
  })

  test('larger code is refused with its size, the limit and what to do instead', () => {
    expect(sourceSizeProblem('é'.repeat(6), 10)).toBe(
      "The code is 12 bytes long, over this sandbox's limit of 10 bytes per run, so none of it ran. " +
        'Generate large data in code (loops, comprehensions, random numbers) or read it from a file instead of writing it out literally.',
    )
    expect(sourceSizeProblem('#'.repeat(5_000_000), DEFAULT_MAX_SOURCE_BYTES)).toMatch(/^The code is 5,000,000 bytes long, over this sandbox's limit of 1,048,576 bytes/)
  })
})
