#!/usr/bin/env node
// npm run bench [-- --repeats N --memory-runs N]
//
// Starts the dev server, opens bench/index.html in Debian's Chromium and
// prints the sandbox's figures next to the stock Pyodide worker recipe
// measured in the same page (bench/stock.ts): a bare module worker that
// interrupts through a SharedArrayBuffer, and otherwise terminates and
// cold-starts. Shared machines are noisy, so read the ratios, not the
// milliseconds.
import { parseArgs } from 'node:util'
import { chromium } from 'playwright'
import { createServer } from 'vite'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs'

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, 'memory-runs': { type: 'string', default: '200' } } })
const repeats = Number(values.repeats)
const memoryRuns = Number(values['memory-runs'])

const server = await createServer({ logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } })
await server.listen()
const url = new URL('bench/index.html', server.resolvedUrls.local[0]).href
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage()
  page.on('console', (message) => {
    if (message.text().startsWith('bench:')) console.error(message.text())
  })
  // The first visit can make Vite optimise dependencies and reload the page; measure on a settled one.
  await page.goto(url)
  await page.waitForLoadState('networkidle')
  await page.goto(url)
  await page.waitForFunction(() => typeof window.bench === 'function')
  const { rows, isolated } = await page.evaluate(([n, m]) => window.bench(n, m), [repeats, memoryRuns])
  const figure = (value, unit) => `${value.toFixed(unit === 'ms' ? 0 : 1)} ${unit}`
  console.log(`Chromium, cross-origin isolated: ${isolated}; medians of ${repeats} runs where repeated\n`)
  console.log(`| case | sandbox | stock recipe | ratio | note |\n| --- | ---: | ---: | ---: | --- |`)
  for (const { name, ours, stock, unit, note } of rows) {
    const ratio = stock > 0 && unit === 'ms' ? `×${(ours / stock).toFixed(2)}` : ''
    console.log(`| ${name} | ${figure(ours, unit)} | ${stock > 0 || unit !== 'MB' ? figure(stock, unit) : '–'} | ${ratio} | ${note ?? ''} |`)
  }
} finally {
  await browser.close()
  await server.close()
}
