#!/usr/bin/env node
/**
 * The package's command line, built into `lib/node/cli.js` (the package's `bin`):
 *
 *   npx pyodide-code-execution copy-assets <dir> [--base /path/] [--no-headers]
 *   npx pyodide-code-execution vendor <dir> [--only numpy,pandas] [--cache-dir DIR]
 */
import { parseArgs } from 'node:util'
import { copyAssets } from './copy-assets.ts'
import { UsageError } from './vendor/run.mjs'
import { vendorCommand } from './vendor-command.ts'

const USAGE = `Usage:
  pyodide-code-execution copy-assets <dir> [--base /path/] [--no-headers]
      Writes what PythonSandbox loads into <dir>, the folder your site serves at
      its root (or at --base): the Pyodide core (pyodide/), the sandbox frame page
      (sandbox-frame.html), the sandbox worker (python-sandbox/) and _headers, the
      headers your host must send (see docs/deployment.md). Run it again after
      upgrading the package. (The Vite plugin does all this for Vite apps.)

  pyodide-code-execution vendor <dir> [--only numpy,pandas] [--cache-dir DIR]
      Downloads the supported libraries (or only those named, with their
      dependencies) from PyPI and Pyodide's CDN into a mirror at <dir>, checked
      against their sha256. Serve it as packages/ next to pyodide/ (for example
      vendor public/packages) and they load from your origin, offline included.`

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        'no-headers': { type: 'boolean' },
        only: { type: 'string' },
        'cache-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values } = parsed
  const [command, dir, ...rest] = parsed.positionals
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (dir === undefined || rest.length > 0) {
    console.error(USAGE)
    return 2
  }
  if (command === 'copy-assets') {
    const written = copyAssets(dir, { ...(values.base === undefined ? {} : { base: values.base }), headers: !values['no-headers'] })
    console.log(`Wrote into ${dir}:\n${written.map((file) => `  ${file}`).join('\n')}`)
    console.log('Serve every page with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (see _headers).')
    return 0
  }
  if (command === 'vendor') {
    const only = values.only?.split(',').map((name) => name.trim()).filter(Boolean)
    return await vendorCommand(dir, { ...(only ? { only } : {}), ...(values['cache-dir'] === undefined ? {} : { cacheDir: values['cache-dir'] }) })
  }
  console.error(USAGE)
  return 2
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`pyodide-code-execution: ${(error as Error).message}`)
    process.exitCode = error instanceof UsageError || error instanceof TypeError ? 2 : 1
  },
)
