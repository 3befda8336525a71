import { describe, expect, test } from 'vitest'
import { resolveSandboxOptions } from '../../../src/sandbox/options.ts'

const BASE = 'https://app.example/demo/'

describe('resolveSandboxOptions', () => {
  test('fills in the documented defaults', () => {
    expect(resolveSandboxOptions({}, BASE)).toEqual({
      timeoutMs: 30_000,
      packageLoadTimeoutMs: 120_000,
      responseTimeoutMs: 5_000,
      interruptGraceMs: 1_000,
      outputLimitBytes: 65_536,
      maxSourceBytes: 1_048_576,
      indexURL: 'https://app.example/demo/pyodide/',
      packagesURL: 'https://app.example/demo/packages/',
      interrupts: true,
      spare: true,
      snapshot: true,
      cacheSnapshot: true,
      inputFiles: { maxFileBytes: 50 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024 },
      outputFiles: { maxFiles: 20, maxFileBytes: 20 * 1024 * 1024, maxTotalBytes: 50 * 1024 * 1024 },
      images: { maxImages: 10, maxImageBytes: 5 * 1024 * 1024 },
      createHost: undefined,
      preload: true,
      preloadMaxHeapBytes: 512 * 1024 * 1024,
    })
  })

  test('distributionURL serves the core and the packages from one folder', () => {
    const resolved = resolveSandboxOptions({ distributionURL: '/pyodide-0.27.7' }, BASE)
    expect(resolved.indexURL).toBe('https://app.example/pyodide-0.27.7/')
    expect(resolved.packagesURL).toBe('https://app.example/pyodide-0.27.7/')
  })

  test('distributionURL with indexURL or packagesURL is a TypeError naming them', () => {
    expect(() => resolveSandboxOptions({ distributionURL: '/d/', indexURL: '/i/', packagesURL: '/p/' }, BASE)).toThrow(/distributionURL cannot be combined with indexURL or packagesURL/)
  })

  test('resolves a relative indexURL against the base and ends it with a slash', () => {
    expect(resolveSandboxOptions({ indexURL: '/static/py' }, BASE).indexURL).toBe('https://app.example/static/py/')
  })

  test.each([
    [{ timeoutMs: 0 }, /timeoutMs must be a finite number of milliseconds > 0, got 0/],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
    [{ interruptGraceMs: -1 }, /interruptGraceMs must be a finite number ≥ 0, got -1/],
    [{ outputLimitBytes: 1.5 }, /outputLimitBytes must be a whole number ≥ 0, got 1.5/],
    [{ maxSourceBytes: 0 }, /maxSourceBytes must be a whole number ≥ 1, got 0/],
    [{ images: { maxImages: -1 } }, /images.maxImages must be a whole number ≥ 0, got -1/],
    [{ outputFiles: { maxFileBytes: Number.NaN } }, /outputFiles.maxFileBytes must be a whole number ≥ 0, got NaN/],
  ])('rejects %o with a TypeError that names the option', (options, message) => {
    expect(() => resolveSandboxOptions(options, BASE)).toThrow(TypeError)
    expect(() => resolveSandboxOptions(options, BASE)).toThrow(message)
  })
})
