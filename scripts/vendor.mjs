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
// With --from DIR the packages come first from a local folder of one Pyodide
// release's files (an unpacked release tarball, or part of one), each checked
// against that release's lock; files of another release or ABI are refused.
// The output is then a whole distribution (core files, lock, packages) to
// serve and pass to PythonSandbox as `distributionURL`.
//
// Exit codes: 0 every requested package is in the mirror; 1 some could not be
// vendored or a folder's file was refused (the rest is kept and the lock is
// still written); 2 bad arguments.

import { parseArgs } from 'node:util'
import { DEFAULTS, UsageError, vendor } from './vendor/run.mjs'
import { createReporter } from './vendor/progress.mjs'

const HELP = `Usage: node scripts/vendor.mjs [options]

  --only a,b,c        Vendor only these libraries and their dependencies. Names may be
                      Gemini's (python-dateutil), lock keys or import names (dateutil).
                      Default: all ${'supported'} libraries.
  --index-url URL     PEP 503/691 simple index. Default: ${DEFAULTS.indexUrl}
  --cdn-url URL       Pyodide distribution for packages PyPI does not serve.
                      Default: ${DEFAULTS.cdnUrl} (with --from: the folder's release)
  --from DIR          Take packages from this folder of a Pyodide release's files first,
                      checking each against the release's lock (DIR/pyodide-lock.json, or
                      --pyodide-lock). Writes a whole distribution: core, lock, packages.
  --core DIR          Where the release's core files are (pyodide.mjs, ...), with --from.
                      Default: DIR, else the folder of --pyodide-lock.
  --out DIR           Mirror directory. Default: ${DEFAULTS.out}
  --cache-dir DIR     Download cache keyed by sha256. Default: ${DEFAULTS.cacheDir}
  --no-cache          Neither read nor fill the cache.
  --no-bytecode       Do not compile the wheels' Python sources to bytecode bundles. By default
                      each vendored wheel gets one (<wheel>.pyc-bundle), compiled by the
                      release's own core in Node, so first imports skip compiling.
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
      from: { type: 'string' },
      core: { type: 'string' },
      out: { type: 'string' },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean' },
      'no-bytecode': { type: 'boolean' },
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
      from: args.from,
      core: args.core,
      out: args.out,
      cacheDir: args['no-cache'] ? null : args['cache-dir'],
      bytecode: args['no-bytecode'] ? false : undefined,
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
