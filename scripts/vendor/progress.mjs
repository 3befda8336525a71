// What the vendor script prints: a redrawn bar on a terminal, one line per
// package otherwise (CI logs), and the same summary in both cases.

import { SOURCES } from './run.mjs'

const MB = 1024 * 1024

function formatMB(bytes) {
  return `${(bytes / MB).toFixed(1)} MB`
}

export function createReporter({ stream = process.stderr, tty = Boolean(process.stderr.isTTY) } = {}) {
  const state = { total: 0, done: 0, bytes: 0, active: new Set(), startedAt: Date.now(), barShown: false }

  const bar = () => {
    const width = 24
    const filled = state.total === 0 ? width : Math.round((state.done / state.total) * width)
    const active = [...state.active].slice(0, 3).join(', ')
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${state.done}/${state.total}  ${formatMB(state.bytes)}  ${active}`
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`)
    state.barShown = true
  }
  const clearBar = () => {
    if (state.barShown) stream.write('\r\x1b[2K')
  }

  return {
    start({ total, indexUrl, cdnUrl, out, from }) {
      state.total = total
      const folder = from === undefined ? '' : `  ${SOURCES.folder}: ${from}\n`
      stream.write(`Vendoring ${total} packages into ${out}\n${folder}  ${SOURCES.pypi}: ${indexUrl}\n  ${SOURCES.cdn}: ${cdnUrl}\n`)
      if (tty) bar()
    },
    packageStart(key) {
      state.active.add(key)
      if (tty) bar()
    },
    bytes(n) {
      state.bytes += n
      if (tty) bar()
    },
    packageDone(result) {
      state.active.delete(result.key)
      state.done += 1
      if (tty) {
        if (result.status === 'failed') {
          clearBar()
          stream.write(`  failed  ${result.key} ${result.version}: ${result.reason}\n`)
        }
        bar()
      } else {
        const detail = result.status === 'failed' ? result.reason : `${result.fileName} from ${SOURCES[result.source]}${result.note ? ` (${result.note})` : ''}`
        stream.write(`  [${state.done}/${state.total}] ${result.status.padEnd(8)} ${result.key} ${result.version}: ${detail}\n`)
      }
    },
    finish(summary) {
      clearBar()
      stream.write(formatSummary(summary, (Date.now() - state.startedAt) / 1000, state.bytes))
    },
  }
}

export function formatSummary({ results, refused = [], core, bytecode, lockPath, down, options, exitCode }, seconds, bytes) {
  const lines = ['', 'Summary']
  for (const source of Object.keys(SOURCES)) {
    if (source === 'folder' && options.from === undefined) continue
    const mine = results.filter((r) => r.source === source)
    const count = (status) => mine.filter((r) => r.status === status).length
    const url = source === 'pypi' ? options.indexUrl : source === 'folder' ? options.from : options.cdnUrl
    const cached = mine.filter((r) => r.status === 'vendored' && r.note === 'from cache').length
    lines.push(`  ${SOURCES[source]} (${url}): ${count('vendored')} vendored${cached > 0 ? ` (${cached} from the cache)` : ''}, ${count('present')} already present, ${count('failed')} failed`)
    if (down[source] !== undefined) lines.push(`    unreachable: ${down[source]}`)
  }
  if (refused.length > 0) {
    lines.push(`  Refused from ${options.from} (${refused.length}):`)
    for (const r of refused) lines.push(`    ${r.file}: ${r.reason}`)
  }
  if (core !== undefined) {
    lines.push(core.dir === undefined ? `  Core: missing ${core.missing.join(', ')}` : `  Core from ${core.dir}: ${core.files.join(', ')}${core.missing.length > 0 ? `; missing ${core.missing.join(', ')}` : ''}`)
  }
  const failed = results.filter((r) => r.status === 'failed')
  if (failed.length > 0) {
    lines.push(options.from === undefined ? `  Not vendored (${failed.length}); the mirror lock points them at their online URL:` : `  Not vendored (${failed.length}); left out of the distribution's lock:`)
    for (const r of failed) lines.push(`    ${r.key} ${r.version}: ${r.reason}`)
  }
  if (bytecode !== undefined) {
    const made = bytecode.bundles === 0 ? 'no bundles' : `${bytecode.bundles} bundle${bytecode.bundles === 1 ? '' : 's'} (${bytecode.compiled} compiled now, the rest kept from earlier runs)`
    lines.push(`  Bytecode: ${made}${bytecode.skipped === undefined ? '' : `; ${bytecode.skipped}`}`)
  }
  const usable = results.length - failed.length
  lines.push(`  ${usable}/${results.length} packages in the mirror, ${formatMB(bytes)} downloaded in ${seconds.toFixed(1)} s`)
  lines.push(`  Wrote ${lockPath}`)
  if (exitCode !== 0) lines.push('  Some requested packages could not be vendored (exit code 1). Re-run when the source is reachable; finished files are kept.')
  return `${lines.join('\n')}\n`
}
