#!/usr/bin/env node
// npm run bench [-- --repeats N --memory-runs N --distribution DIR]
//
// Builds bench/index.html with the app's Vite config (so it measures what
// users deploy: the built worker and frame), serves it with `vite preview`,
// opens it in Debian's Chromium and prints the sandbox's figures next to the
// stock Pyodide worker recipe measured in the same page (bench/stock.ts): a
// bare module worker that interrupts through a SharedArrayBuffer, and
// otherwise terminates and cold-starts. Then it opens the page again, as a
// repeat visit. Memory is the PSS of the browser's processes, from /proc.
// Shared machines are noisy, so read the ratios, not the milliseconds.
//
// Then the scientific stack on a Pyodide release folder (default
// ../shared/pyodide-dist/0.27.7, made a distribution by `npm run vendor --
// --from`): import pandas cold and warm, the first matplotlib figure, and the
// bytes each package downloads. Skipped, saying why, when the folder is missing.
// The replayed chart turn also runs on the same distribution vendored with
// --no-bytecode, so the table shows what the bytecode bundles save.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright'
import { build, preview } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs'
import { serveFolders } from './serve-folders.mjs'
import { vendor } from './vendor/run.mjs'

/** The proportional set size (bytes) of the processes under ours (the browser's): what they cost the machine, shared pages split fairly. */
function browserMemory(ownPid) {
  const parents = new Map()
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // The parent's pid is the second field after the parenthesised command name.
      parents.set(Number(pid), Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]))
    } catch {
      // The process ended while we looked.
    }
  }
  const isBrowsers = (pid) => parents.get(pid) === ownPid || (pid > 1 && parents.has(pid) && isBrowsers(parents.get(pid)))
  let kilobytes = 0
  for (const pid of parents.keys()) {
    if (!isBrowsers(pid)) continue
    try {
      kilobytes += Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0)
    } catch {
      // The process ended while we looked.
    }
  }
  return kilobytes * 1024
}

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '5' },
    'memory-runs': { type: 'string', default: '200' },
    distribution: { type: 'string', default: '../shared/pyodide-dist/0.27.7' },
    // Only the replayed turn (and its profile): a quick look while working on preloading.
    'replay-only': { type: 'boolean', default: false },
  },
})
const repeats = Number(values.repeats)
const memoryRuns = Number(values['memory-runs'])
const DIST_OUT = '.cache/bench-distribution'
const DIST_PATH = '/bench-distribution/'
// The same, vendored with --no-bytecode: the replay's baseline for what bytecode bundles save.
const PLAIN_OUT = '.cache/bench-distribution-no-bytecode'
const PLAIN_PATH = '/bench-distribution-no-bytecode/'

const quiet = { start() {}, packageStart() {}, bytes() {}, packageDone() {}, finish() {} }
let scienceSkipped = existsSync(values.distribution) ? undefined : `${values.distribution} is missing`
if (scienceSkipped === undefined) {
  const core = 'node_modules/pyodide-0.27.7'
  const options = { from: values.distribution, pyodideLock: existsSync(`${values.distribution}/pyodide-lock.json`) ? undefined : `${core}/pyodide-lock.json`, core, only: ['pandas', 'matplotlib'] }
  const summary = await vendor({ ...options, out: DIST_OUT }, quiet)
  const plain = await vendor({ ...options, out: PLAIN_OUT, bytecode: false }, quiet)
  if (summary.exitCode !== 0 || plain.exitCode !== 0) scienceSkipped = `npm run vendor -- --from ${values.distribution} did not complete (exit code ${summary.exitCode || plain.exitCode})`
  else if (summary.bytecode.skipped !== undefined) console.error(`Bytecode bundles: ${summary.bytecode.skipped}`)
}

const BUILD_OUT = '.cache/bench-build'
await build({ logLevel: 'warn', build: { outDir: BUILD_OUT, emptyOutDir: true, rollupOptions: { input: 'bench/index.html' } } })
const server = await preview({
  logLevel: 'warn',
  build: { outDir: BUILD_OUT },
  preview: { port: 0, host: '127.0.0.1' },
  plugins: [serveFolders('pyodide-code-execution:bench-distribution', [[DIST_PATH, DIST_OUT], [PLAIN_PATH, PLAIN_OUT]], { immutable: true })],
})
const url = new URL('bench/index.html', server.resolvedUrls.local[0]).href
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage()
  page.on('console', (message) => {
    // The sandbox's own warnings too: a bytecode bundle left out would make every figure slower.
    if (message.text().startsWith('bench:') || message.text().startsWith('Bytecode for')) console.error(message.text())
  })
  await page.goto(url)
  await page.waitForFunction(() => typeof window.bench === 'function')
  await page.exposeFunction('benchMemory', () => browserMemory(process.pid))
  const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
  if (values['replay-only']) {
    if (scienceSkipped !== undefined) throw new Error(`The replay needs the scientific stack: ${scienceSkipped}.`)
    const { profile, replay } = await page.evaluate(([path, plainPath]) => window.benchReplay(path, plainPath), [DIST_PATH, PLAIN_PATH])
    console.log(`Profile of the preloaded turn:\n  ${profile.join('\n  ')}`)
    printReplay(replay)
  } else {
    await measureAll()
  }

  /** The replayed turn's table: code arrival to chart, memory the same way for all three. */
  function printReplay(r) {
    console.log(`\n"Analyse this CSV and chart it" with a recorded model latency of 3 s (hinted: ${r.hinted.join(', ')}); code arrival to chart:`)
    console.log(`| case | code arrival → chart | browser memory after (PSS) | WebAssembly heap after |\n| --- | ---: | ---: | ---: |`)
    const line = (name, c) => console.log(`| ${name} | ${c.ms.toFixed(0)} ms | ${MB(c.browserBytes)} | ${MB(c.heapBytes)} |`)
    line('with preloading', r.withPreload)
    line('with preloading, the model taking 20 s (every preload ended)', r.withPreloadDone)
    line('without preloading', r.withoutPreload)
    line('stock Pyodide recipe (loadPackagesFromImports + runPythonAsync)', r.stock)
    line('with preloading, no bytecode bundles (vendored with --no-bytecode)', r.withoutBytecode.withPreload)
    line('without preloading, no bytecode bundles', r.withoutBytecode.withoutPreload)
    console.log(`| ratio with / without | ×${(r.withPreload.ms / r.withoutPreload.ms).toFixed(2)} (target ≤ 0.15) | | |`)
    console.log(`| ratio with / stock | ×${(r.withPreload.ms / r.stock.ms).toFixed(2)} | | |`)
    console.log(`| ratio with / neither (no preloading, no bytecode) | ×${(r.withPreload.ms / r.withoutBytecode.withoutPreload.ms).toFixed(2)} | | |`)
  }

  async function measureAll() {
    const { rows, isolated } = await page.evaluate(([n, m]) => window.bench(n, m), [repeats, memoryRuns])
    // The next visit: a new page of the same origin, with the files and the snapshot the first one kept.
    await page.goto(url)
    const visit = await page.evaluate(() => window.benchRepeatVisit())
    rows.push({ name: 'repeat visit: ready', ours: visit.ours, stock: visit.stock, unit: 'ms', note: `from the sandbox's creation (${visit.oursFromNavigation.toFixed(0)} ms from navigation start); ${visit.fromSnapshot ? 'from the snapshot in Cache Storage' : 'snapshot NOT used: a cold start'}; stock: a start with warm HTTP cache` })
    const figure = (value, unit) => `${value.toFixed(unit === 'ms' ? 0 : 1)} ${unit}`
    console.log(`Chromium, cross-origin isolated: ${isolated}; medians of ${repeats} runs where repeated\n`)
    console.log(`| case | sandbox | stock recipe | ratio | note |\n| --- | ---: | ---: | ---: | --- |`)
    for (const { name, ours, stock, unit, note } of rows) {
      const ratio = stock > 0 && unit === 'ms' ? `×${(ours / stock).toFixed(2)}` : ''
      console.log(`| ${name} | ${figure(ours, unit)} | ${stock > 0 || unit !== 'MB' ? figure(stock, unit) : '–'} | ${ratio} | ${note ?? ''} |`)
    }

    if (scienceSkipped !== undefined) {
      console.log(`\nScientific stack: skipped, ${scienceSkipped}.`)
    } else {
      const s = await page.evaluate(([path, plainPath]) => window.benchScience(path, plainPath), [DIST_PATH, PLAIN_PATH])
      const ms = (value) => `${value.toFixed(0).padStart(6)} ms`
      const row = (name, ours, base) => `${name.padEnd(28)}${ms(ours)}${base === undefined ? '' : `${ms(base)}   ×${(ours / base).toFixed(2)}`}`
      const closure = (keys) => MB(keys.reduce((sum, key) => sum + (s.packageBytes[key] ?? 0), 0))
      console.log(`\nScientific stack on Pyodide ${s.pyodideVersion} (${values.distribution})`)
      console.log(row('import pandas, cold', s.coldPandasMs, s.warmPandasMs))
      console.log(row('import pandas, warm cache', s.warmPandasMs))
      console.log(row('first matplotlib figure', s.firstFigureMs))
      console.log(`Bytes downloaded: numpy ${closure(['numpy'])}; pandas with its dependencies ${closure(['numpy', 'pandas', 'python-dateutil', 'six', 'pytz'])}; ` +
        `matplotlib beyond those ${closure(Object.keys(s.packageBytes).filter((key) => !['numpy', 'pandas', 'python-dateutil', 'six', 'pytz'].includes(key)))}`)
      console.log(`Per package: ${Object.entries(s.packageBytes).map(([key, bytes]) => `${key} ${MB(bytes)}`).join(', ')}`)
      console.log('Baseline: the cold import against the same import in a fresh interpreter whose files are in the browser cache.')
      printReplay(s.replay)
    }
  }
} finally {
  await browser.close()
  await server.close()
}
