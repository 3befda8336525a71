#!/usr/bin/env node
// npm run vendor [-- options]
//
// Downloads the libraries this project offers (src/packages/libraries.json)
// and their dependencies into a self-hosted mirror, and writes the mirror's
// lock: Pyodide's lock plus our PyPI extras, with file_name/sha256 of each
// vendored package replaced by what was actually vendored. Packages that
// could not be vendored keep an absolute URL, so they still load online.
//
// Sources, in order: PyPI (pure-Python wheels and pyemscripten_2026_0_wasm32
// wheels at the exact version Pyodide pins, checked against the index's
// sha256; our extras checked against src/packages/pypi-lock.json), then the
// Pyodide CDN (checked against Pyodide's lock).
//
// Exit codes: 0 every requested package is in the mirror; 1 some could not be
// vendored (the rest is kept and the lock is still written); 2 bad arguments.

import { parseArgs } from 'node:util'
import { DEFAULTS, UsageError, vendor } from './vendor/run.mjs'
import { createReporter } from './vendor/progress.mjs'

const HELP = `Usage: node scripts/vendor.mjs [options]

  --only a,b,c        Vendor only these libraries and their dependencies. Names may be
                      Gemini's (python-dateutil), lock keys or import names (dateutil).
                      Default: all ${'supported'} libraries.
  --index-url URL     PEP 503/691 simple index. Default: ${DEFAULTS.indexUrl}
  --cdn-url URL       Pyodide distribution for packages PyPI does not serve.
                      Default: ${DEFAULTS.cdnUrl}
  --out DIR           Mirror directory. Default: ${DEFAULTS.out}
  --cache-dir DIR     Download cache keyed by sha256. Default: ${DEFAULTS.cacheDir}
  --no-cache          Neither read nor fill the cache.
  --timeout SECONDS   Give up on a request after this long without data. Default: ${DEFAULTS.timeoutMs / 1000}
  --concurrency N     Parallel downloads. Default: ${DEFAULTS.concurrency}
  --pyodide-lock PATH, --pypi-lock PATH, --libraries PATH
                      Inputs, for testing. Default: node_modules/pyodide and src/packages.
  -h, --help
`

let args
try {
  args = parseArgs({
    options: {
      only: { type: 'string' },
      'index-url': { type: 'string' },
      'cdn-url': { type: 'string' },
      out: { type: 'string' },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
      'pyodide-lock': { type: 'string' },
      'pypi-lock': { type: 'string' },
      libraries: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values
} catch (err) {
  process.stderr.write(`${err.message}\n\n${HELP}`)
  process.exit(2)
}
if (args.help) {
  process.stdout.write(HELP)
  process.exit(0)
}

function positiveNumber(value, flag) {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!(n > 0)) {
    process.stderr.write(`${flag} must be a positive number, got '${value}'\n`)
    process.exit(2)
  }
  return n
}

const timeout = positiveNumber(args.timeout, '--timeout')
try {
  const summary = await vendor(
    {
      only: args.only?.split(',').map((s) => s.trim()).filter(Boolean),
      indexUrl: args['index-url'],
      cdnUrl: args['cdn-url'],
      out: args.out,
      cacheDir: args['no-cache'] ? null : args['cache-dir'],
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      concurrency: positiveNumber(args.concurrency, '--concurrency'),
      pyodideLock: args['pyodide-lock'],
      pypiLock: args['pypi-lock'],
      libraries: args.libraries,
    },
    createReporter(),
  )
  process.exitCode = summary.exitCode
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`)
    process.exit(2)
  }
  throw err
}
