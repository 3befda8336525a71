#!/usr/bin/env node
// npm run bench [-- --repeats N]
//
// Starts the dev server, opens bench/index.html in Debian's Chromium and
// prints the sandbox's figures next to a baseline measured in the same page:
// plain Pyodide in a bare module worker. Shared machines are noisy, so read
// the ratios, not the milliseconds.
import { parseArgs } from 'node:util'
import { chromium } from 'playwright'
import { createServer } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs'

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } })
const repeats = Number(values.repeats)

const server = await createServer({ logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } })
await server.listen()
const url = new URL('bench/index.html', server.resolvedUrls.local[0]).href
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage()
  // The first visit can make Vite optimise dependencies and reload the page; measure on a settled one.
  await page.goto(url)
  await page.waitForLoadState('networkidle')
  await page.goto(url)
  await page.waitForFunction(() => typeof window.bench === 'function')
  const { baseline, sandbox, isolated } = await page.evaluate((n) => window.bench(n), repeats)
  const ms = (value) => `${value.toFixed(0).padStart(6)} ms`
  const row = (name, ours, base) => `${name.padEnd(28)}${ms(ours)}${base === undefined ? '' : `${ms(base)}   ×${(ours / base).toFixed(2)}`}`
  console.log(`Chromium, cross-origin isolated: ${isolated}; medians of ${repeats} runs\n`)
  console.log(`${''.padEnd(28)}${'sandbox'.padStart(9)}${'baseline'.padStart(9)}   ratio`)
  console.log(row('cold start', sandbox.coldStartMs, baseline.coldStartMs))
  console.log(row('small run', sandbox.smallRunMs, baseline.smallRunMs))
  console.log(row('2000 prints', sandbox.printRunMs, baseline.printRunMs))
  console.log(row('recovery after interrupt', sandbox.interruptRecoveryMs, sandbox.smallRunMs))
  console.log(row('recovery after kill', sandbox.killRecoveryMs, sandbox.coldStartMs))
  console.log(row('reset', sandbox.resetMs, sandbox.coldStartMs))
  console.log('\nBaselines: plain Pyodide in a bare worker; recoveries against a small run and against a cold start.')
} finally {
  await browser.close()
  await server.close()
}
