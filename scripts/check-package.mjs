// `npm run check:package`: packs the package as `npm publish` would (prepack builds it), then checks the
// tarball with publint (package.json against the files) and Are the Types Wrong (the declarations under
// every resolution mode an ESM-only package supports), and reports its size.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'pyodide-code-execution-pack-'))
try {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))
  const tarball = join(dir, pack.filename)
  const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`
  console.log(`${pack.filename}: ${kB(pack.size)} packed, ${kB(pack.unpackedSize)} unpacked, ${pack.entryCount} files`)
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { stdio: 'inherit' })
  execFileSync(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped'], { stdio: 'inherit' })
} catch (error) {
  process.exitCode = 1
  if (error.status === undefined) throw error
} finally {
  rmSync(dir, { recursive: true, force: true })
}
