/**
 * The cap on how much source one run may bring. Everything done before the
 * code starts (the transfer, the import scan) runs outside the run's deadline,
 * and compiling is not interruptible, so the size has to be bounded up front.
 */

/** 1 MiB: far more than any model writes in one call; data belongs in files. */
export const DEFAULT_MAX_SOURCE_BYTES = 1024 * 1024

const encoder = new TextEncoder()

/** Why `code` is refused, or undefined when its UTF-8 fits in `maxBytes`. */
export function sourceSizeProblem(code: string, maxBytes: number): string | undefined {
  // A UTF-16 code unit is 1 to 3 bytes of UTF-8: most code is decided without encoding it.
  if (code.length * 3 <= maxBytes) return undefined
  const bytes = encoder.encode(code).length
  if (bytes <= maxBytes) return undefined
  return (
    `The code is ${bytes.toLocaleString('en-US')} bytes long, over this sandbox's limit of ` +
    `${maxBytes.toLocaleString('en-US')} bytes per run, so none of it ran. Generate large data in code ` +
    `(loops, comprehensions, random numbers) or read it from a file instead of writing it out literally.`
  )
}
