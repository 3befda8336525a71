#!/usr/bin/env node
/**
 * The package's command line: `npx pyodide-code-execution copy-assets <dir> [--base /path/]`.
 * Built into `lib/node/cli.js`, the package's `bin`.
 */
import { parseArgs } from 'node:util'
import { copyAssets } from './copy-assets.ts'

const USAGE = `Usage: pyodide-code-execution copy-assets <dir> [--base /path/] [--no-headers]

Writes what PythonSandbox loads into <dir>, the folder your site serves at its root
(or at --base): the Pyodide core (pyodide/), the sandbox frame page
(sandbox-frame.html), the sandbox worker (python-sandbox/) and _headers, the
headers your host must send (see docs/deployment.md). Run it again after
upgrading the package.`

function main(argv: string[]): number {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { base: { type: 'string' }, 'no-headers': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const [command, dir, ...rest] = parsed.positionals
  if (parsed.values.help) {
    console.log(USAGE)
    return 0
  }
  if (command !== 'copy-assets' || dir === undefined || rest.length > 0) {
    console.error(USAGE)
    return 2
  }
  try {
    const written = copyAssets(dir, {
      ...(parsed.values.base === undefined ? {} : { base: parsed.values.base }),
      headers: !parsed.values['no-headers'],
    })
    console.log(`Wrote into ${dir}:\n${written.map((file) => `  ${file}`).join('\n')}`)
    console.log('Serve every page with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp (see _headers).')
    return 0
  } catch (error) {
    console.error(`copy-assets failed: ${(error as Error).message}`)
    return 1
  }
}

process.exitCode = main(process.argv.slice(2))
