/**
 * The console of the built app: the editor, run history as cells, files in
 * and out, images, Stop, and output that keeps the page responsive.
 */
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { lastCell, openApp, runInConsole, setCode } from './app.ts'
import { launchBrowser } from './browser.ts'

const inFirefox = inject('e2eBrowser') === 'firefox'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  dur?: number
  tdur?: number
  args?: { name?: string }
}

/** How Chromium's `toplevel` trace category names a task run by a thread's scheduler. */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask'])

/**
 * The longest task on the page's renderer main thread in a Chromium trace, in
 * CPU and wall time. The page's main thread is the renderer main thread that
 * ran the most tasks: it received every line of output (the sandbox frame runs
 * in a process of its own).
 */
function longestMainThreadTask(trace: { traceEvents: TraceEvent[] }): { cpuMs: number; wallMs: number; tasks: number } {
  const mainThreads = new Set(trace.traceEvents.filter((event) => event.ph === 'M' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`))
  const byThread = new Map<string, TraceEvent[]>()
  for (const event of trace.traceEvents) {
    const thread = `${event.pid}:${event.tid}`
    if (TASK_EVENTS.has(event.name) && event.ph === 'X' && mainThreads.has(thread)) byThread.set(thread, [...(byThread.get(thread) ?? []), event])
  }
  const tasks = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? []
  return {
    cpuMs: Math.max(...tasks.map((task) => (task.tdur ?? 0) / 1000)),
    wallMs: Math.max(...tasks.map((task) => (task.dur ?? 0) / 1000)),
    tasks: tasks.length,
  }
}

let browser: Browser
let page: Page
let errors: string[]

beforeAll(async () => {
  browser = await launchBrowser()
  ;({ page, errors } = await openApp(browser, { hash: '#console' }))
})
afterAll(() => browser?.close())

describe('the console of the built app', () => {
  test('is cross-origin isolated under vite preview, shows no isolation warning and logged no error on load', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.locator('#isolation-warning').isHidden()).toBe(true)
    // Shown unless the sandbox frame reports an opaque origin, eval blocked and its narrowed connect policy in force.
    expect(await page.locator('#sandbox-warning').isHidden()).toBe(true)
    expect(errors).toEqual([])
  })

  test('runs the sample and shows its output and last value in a cell', async () => {
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => lastCell(page).locator('.cell-status').textContent(), { timeout: 30_000 }).toMatch(/^ok in \d+\.\d\d s$/)
    expect(await lastCell(page).locator('.output').textContent()).toBe('The first 50 primes add up to 5117\n53\n')
  })

  test('keeps earlier cells with their output, and the header keeps the Python version and start time', async () => {
    expect(await runInConsole(page, 'x = 6 * 7\nprint(x)')).toBe('42\n')
    const outputs = await page.locator('.cell .output').allTextContents()
    expect(outputs.slice(-2)).toEqual(['The first 50 primes add up to 5117\n53\n', '42\n'])
    expect(await page.locator('.status').textContent()).toMatch(/^Python 3\.14\.\d+ ready · started in \d+\.\d s$/)
  })

  test('Stop ends a run that would never finish, and the next run works', async () => {
    await setCode(page, 'print("looping")\nwhile True: pass')
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await lastCell(page).locator('.output').getByText('looping').waitFor()
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => lastCell(page).locator('.output').textContent(), { timeout: 30_000 }).toContain('KeyboardInterrupt')
    await setCode(page, 'print(2 + 2)')
    await page.locator('.cm-content').press('Control+Enter')
    await expect.poll(() => lastCell(page).locator('.output').textContent(), { timeout: 30_000 }).toBe('4\n')
  })

  test('files added on the page reach Python, and files the code writes stay offered for download as inert files', async () => {
    await page.locator('.console input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('name,age\nAda,36\n') })
    await expect.poll(() => page.locator('.files-list').textContent(), { timeout: 30_000 }).toBe('Files: people.csv')
    expect(await runInConsole(page, 'rows = open("people.csv").read().splitlines()\nopen("page.html", "w").write("<script>alert(1)</script>")\nprint(rows[1])')).toBe('Ada,36\n')
    const cell = page.locator('.cell').nth((await page.locator('.cell').count()) - 1)
    const link = cell.locator('a.download')
    expect(await link.textContent()).toBe('⬇ page.html (25 B)')
    expect(await link.getAttribute('download')).toBe('page.html')
    // The link stays after later runs.
    await runInConsole(page, 'print("later")')
    if (inFirefox) {
      // Firefox's WebDriver BiDi (ESR 153) reports no download for a blob: link, so read what the link saves.
      expect(await link.evaluate((anchor: HTMLAnchorElement) => fetch(anchor.href).then((response) => response.text()))).toBe('<script>alert(1)</script>')
    } else {
      const saved = await Promise.all([page.waitForEvent('download'), cell.locator('a.download').click()]).then(([download]) => download)
      expect(saved.suggestedFilename()).toBe('page.html')
    }
    const blobType = await cell.locator('a.download').evaluate(async (anchor: HTMLAnchorElement) => (await fetch(anchor.href)).headers.get('content-type'))
    expect(blobType).toBe('application/octet-stream')
  })

  test('shows each library a run loads, with its bytes', async () => {
    // tabulate is in the e2e build's own mirror (see paths.ts).
    expect(await runInConsole(page, 'import tabulate\nprint(tabulate.tabulate([[1, 2]]))')).toBe('-  -\n1  2\n-  -\n')
    expect(await page.locator('.console .packages').textContent()).toMatch(/^Loaded tabulate \(1 of 1\) · \d+\.\d KB of \d+\.\d KB$/)
  })

  test('shows images where display() was called', async () => {
    // A 1×1 PNG, written by hand: the console needs no imaging library for this.
    const code = [
      'import base64',
      'png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")',
      'display(png)',
      'print("shown")',
    ].join('\n')
    expect(await runInConsole(page, code)).toBe('shown\n')
    const src = await lastCell(page).locator('img').getAttribute('src')
    expect(src).toMatch(/^data:image\/png;base64,iVBOR/)
  })

  /*
   * "A main-thread timer never stalls for more than 100 ms", measured while
   * 20,000 lines stream in and render. What a user feels is the longest gap
   * between a 10 ms timer's ticks; on this shared 2-core machine that gap also
   * holds the time the OS gave other processes, so it is reported, not
   * asserted. The assertion is on what the page itself makes the main thread
   * do: Chromium's trace gives each main-thread task's CPU time (tdur), and no
   * task may take 100 ms of it. The same trace's wall time and the Long Tasks
   * count are reported too. Before output was batched per frame, one task
   * took seconds; now they take a few milliseconds each.
   */
  test('20,000 printed lines render at once, and no main-thread task blocks the page for 100 ms', async () => {
    await setCode(page, 'for i in range(20_000):\n    print("line", i)')
    await page.evaluate(() => {
      const probe = { last: performance.now(), longestGap: 0, timer: 0 }
      probe.timer = window.setInterval(() => {
        const now = performance.now()
        probe.longestGap = Math.max(probe.longestGap, now - probe.last)
        probe.last = now
      }, 10)
      Object.assign(window, { __probe: probe })
    })
    // Tracing is Chromium's (Playwright has no trace for Firefox): there, the flood is checked for what it renders only.
    if (!inFirefox) await browser.startTracing(page, { categories: ['toplevel'] })
    const clicked = Date.now()
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect.poll(() => lastCell(page).locator('.cell-status').textContent(), { timeout: 60_000 }).toMatch(/^ok in/)
    const elapsed = Date.now() - clicked
    const longest = inFirefox ? undefined : longestMainThreadTask(JSON.parse((await browser.stopTracing()).toString()))
    const shown = await lastCell(page).locator('.output').evaluate((output) => ({ lines: output.textContent!.split('\n').length - 1, last: output.textContent!.trimEnd().split('\n').pop() }))
    const longestGap = await page.evaluate(() => {
      const probe = (window as unknown as { __probe: { longestGap: number; timer: number } }).__probe
      clearInterval(probe.timer)
      return probe.longestGap
    })
    console.info(
      `20,000-line flood: all shown ${elapsed} ms after Run; ` +
        (longest ? `longest main-thread task ${longest.cpuMs.toFixed(0)} ms CPU, ${longest.wallMs.toFixed(0)} ms wall (${longest.tasks} tasks); ` : '') +
        `longest 10 ms-timer gap ${longestGap.toFixed(0)} ms`,
    )
    expect(shown).toEqual({ lines: 20_000, last: 'line 19999' })
    if (longest) {
      expect(longest.tasks).toBeGreaterThan(1000) // the trace did see the run's output arrive
      expect(longest.cpuMs).toBeLessThan(100)
    }
  })
})
