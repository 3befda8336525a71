import { describe, expect, inject, test } from 'vitest'
import { PythonSandbox } from '../../../src/index.ts'
import { SNAPSHOT_CACHE } from '../../../src/sandbox/snapshot-cache.ts'

/** The one cached snapshot entry (every sandbox here uses the default Pyodide folder), once it is there and tagged `version`. */
async function cachedEntry(version: string): Promise<{ request: Request; response: Response }> {
  const cache = await caches.open(SNAPSHOT_CACHE)
  // Stored in the background after the start that made it: wait for it, boundedly.
  for (let attempt = 0; attempt < 600; attempt++) {
    const [request] = await cache.keys()
    const response = request && (await cache.match(request))
    if (request && response?.headers.get('x-pyodide-version') === version) return { request, response }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no snapshot of Pyodide ${version} was kept in Cache Storage within 60 s`)
}

// Cache Storage and the snapshot do not depend on isolation (the restart tests in lifecycle.test.ts run in both
// projects): these slow starts run once, in the isolated project, to keep npm test short.
describe.skipIf(!inject('crossOriginIsolated'))('the snapshot kept for the next visit', () => {
  // Other test files may share the cache: every check below holds whichever sandbox stored the entry.
  test('a second sandbox in the page starts from the snapshot the first kept, and runs as a cold one does', async () => {
    await caches.delete(SNAPSHOT_CACHE)
    const first = new PythonSandbox({ spare: false })
    const { pyodideVersion } = await first.ready()
    const { response } = await cachedEntry(pyodideVersion)
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1024 * 1024)
    first.dispose()

    const second = new PythonSandbox({ spare: false })
    const info = await second.ready()
    expect(info.fromSnapshot).toBe(true)
    const result = await second.run('import os, sys\nprint(os.getcwd(), os.environ["MPLBACKEND"], "/lib/sandbox" in sys.path)')
    expect(result.output).toBe('/home/pyodide module://sandbox_matplotlib_backend True\n')
    second.dispose()
  })

  test('a snapshot of another Pyodide release is ignored: a cold start, whose snapshot replaces it', async () => {
    const cache = await caches.open(SNAPSHOT_CACHE)
    if ((await cache.keys()).length === 0) {
      // The first test did not run (a -t filter): make an entry to tamper with.
      const maker = new PythonSandbox({ spare: false })
      await cachedEntry((await maker.ready()).pyodideVersion)
      maker.dispose()
    }
    const [request] = await cache.keys()
    const response = (await cache.match(request!))!
    const headers = new Headers(response.headers)
    headers.set('x-pyodide-version', '0.1.0')
    await cache.put(request!, new Response(await response.arrayBuffer(), { headers }))

    const sandbox = new PythonSandbox({ spare: false })
    const info = await sandbox.ready()
    expect(info.fromSnapshot).toBeUndefined()
    expect((await sandbox.run('print(1 + 1)')).output).toBe('2\n')
    await cachedEntry(info.pyodideVersion) // replaced by the one this cold start made
    sandbox.dispose()
  })

  test('once the snapshot is stored, restarts read it back; if the cache is cleared, one cold restart keeps a new one', async () => {
    const sandbox = new PythonSandbox({ spare: false })
    const { pyodideVersion } = await sandbox.ready()
    const nextReady = () => new Promise<string>((resolve) => {
      const stop = sandbox.on('spare', (kind) => (stop(), resolve(kind)))
    })
    const restart = async () => {
      const next = nextReady() // the standby made once the new worker is ready and idle
      await sandbox.reset()
      const { fromSnapshot } = await sandbox.ready()
      expect(await next).toBe('standby')
      return fromSnapshot
    }
    await cachedEntry(pyodideVersion)
    expect(await restart()).toBe(true)

    await caches.delete(SNAPSHOT_CACHE) // as when the user clears the site's data
    expect(await restart()).toBeUndefined() // the page kept no copy: a cold start, which keeps a new one
    await cachedEntry(pyodideVersion)
    expect(await restart()).toBe(true)
    expect((await sandbox.run('print(1 + 1)')).output).toBe('2\n')
    sandbox.dispose()
  })

  test('with { cacheSnapshot: false } the cached snapshot is not used', async () => {
    expect((await (await caches.open(SNAPSHOT_CACHE)).keys()).length).toBe(1) // the one the tests above kept
    const sandbox = new PythonSandbox({ spare: false, cacheSnapshot: false })
    expect((await sandbox.ready()).fromSnapshot).toBeUndefined()
    sandbox.dispose()
  })
})
