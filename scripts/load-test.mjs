#!/usr/bin/env node
// npm run test:load [-- --runs 10 --hogs 2 --project browser]
//
// Runs the deadline tests (test/browser/sandbox/deadline.test.ts, and the
// broker's deadline test) again and again while busy Node processes keep the
// processors loaded, and reports how many runs passed. A deadline's outcome,
// partial output and stateLost must not depend on timing, so every run must.
// Not part of npm test: it takes minutes and loads the machine on purpose.
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    hogs: { type: 'string', default: '2' },
    project: { type: 'string', default: 'browser' },
    // Each hog stops by itself after this long, whatever happens to this script.
    'hog-limit-s': { type: 'string', default: '900' },
  },
})
const runs = Number(values.runs)
const hogCount = Number(values.hogs)
const hogLimitMs = Number(values['hog-limit-s']) * 1000
const FILES = ['test/browser/sandbox/deadline.test.ts', 'test/browser/gemini/broker.test.ts']
// Each run's full output, for the failures.
const LOG_DIR = '.cache/load-test'
mkdirSync(LOG_DIR, { recursive: true })

function startHog() {
  const busy = `const end = Date.now() + ${hogLimitMs}; while (Date.now() < end) {}`
  return spawn(process.execPath, ['-e', busy], { stdio: 'ignore' })
}

function runTests() {
  return new Promise((resolve) => {
    const args = ['vitest', 'run', '--project', values.project, ...FILES, '-t', 'deadline|left busy|worker that dies|sleep']
    const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code, output }))
  })
}

const summary = []
for (let run = 1; run <= runs; run++) {
  const hogs = Array.from({ length: hogCount }, startHog)
  const started = Date.now()
  const { code, output } = await runTests()
  for (const hog of hogs) hog.kill()
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '')
  writeFileSync(`${LOG_DIR}/run-${run}.log`, plain)
  const tests = /Tests\s+(.*)/.exec(plain)?.[1]?.trim() ?? 'no summary'
  const failed = [...plain.matchAll(/FAIL .*? > (.*)/g)].map((match) => match[1])
  summary.push({ run, passed: code === 0, tests, seconds: Math.round((Date.now() - started) / 1000), failed })
  console.log(`run ${run}/${runs}: ${code === 0 ? 'passed' : 'FAILED'} — ${tests} (${summary.at(-1).seconds} s)`)
  for (const name of new Set(failed)) console.log(`  failed: ${name}`)
  if (code !== 0) console.log(`  output: ${LOG_DIR}/run-${run}.log`)
}
const passed = summary.filter((entry) => entry.passed).length
console.log(`\n${passed} of ${runs} runs passed with ${hogCount} busy processes beside them (project ${values.project}).`)
process.exitCode = passed === runs ? 0 : 1
