/**
 * Opening a preview of an HTML or SVG file the code wrote makes no DNS lookup
 * and no connection, read from Chromium's own net log, on the built app
 * served by the static host that decodes like Python's `http.server`. The
 * preview is made in the page, from the build's files and policies, so
 * `vite preview` would show the same; Vite's server alone would prove little.
 *
 * Every vector of `test/browser/files/preview-vectors.ts` names two hosts:
 * one under `leak.test`, which `--host-resolver-rules` sends to a loopback
 * listener that counts connections (a mapped name never shows as a DNS query
 * in the net log), and one under `unmapped.test`, which goes to the real
 * resolver, so a lookup of it shows in the net log. The profile is
 * persistent: Chromium skips preconnect and dns-prefetch in incognito
 * contexts, Playwright's default.
 *
 * Controls prove the test can see a leak: the same markup in a plain page,
 * and in the frame the app used before (sandboxed, under the same policy,
 * but not rewritten), both reach the listener and the resolver.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'
import { PREVIEW_POLICY } from '../../src/files/preview-frame.ts'
import { htmlFile, type HostFor } from '../browser/files/preview-vectors.ts'
import { startObserver, type Observer } from '../observer/server.ts'
import { PYTHON_READY } from './app.ts'
import { startLoopbackListener, type LoopbackListener } from './loopback-listener.ts'
import { previewAndClick, settle } from './preview-files.ts'
import { startStaticHost, type StaticHost } from './static-host.ts'

const MAPPED = 'leak.test'
const UNMAPPED = 'unmapped.test'

/** Both hosts' names for one phase: `<vector>.<phase>.leak.test` and `<vector>.<phase>.unmapped.test`. */
function hostsFor(phase: string): HostFor[] {
  return [(tag) => `${tag}.${phase}.${MAPPED}`, (tag) => `${tag}.${phase}.${UNMAPPED}`]
}

function htmlOf(phase: string): string {
  return htmlFile(...hostsFor(phase))
}

/** The vectors (the first label) whose host names of this phase and domain the net log mentions, sorted. */
function vectorsNamed(netLog: string, phase: string, domain: string): string[] {
  const pattern = new RegExp(`([a-z0-9-]+)\\.${phase}\\.${domain.replace('.', '\\.')}`, 'g')
  return [...new Set([...netLog.matchAll(pattern)].map((match) => match[1]!))].sort()
}

interface AppHost {
  name: string
  start(): Promise<{ url: string; close(): Promise<void> }>
}

const HOSTS: AppHost[] = [
  {
    name: 'a static host that decodes like http.server',
    start: async () => {
      const observer: Observer = await startObserver()
      const host: StaticHost = await startStaticHost('dist', observer)
      return { url: host.url, close: async () => (await host.close(), await observer.close()) }
    },
  },
]

describe.each(HOSTS.map((host, index) => [host.name, host, `run${index}${Date.now().toString(36)}`] as const))(
  'a preview of a file the code wrote, on %s',
  (_name, appHost, run) => {
    let listener: LoopbackListener
    let served: { url: string; close(): Promise<void> }
    let profile: string
    let netLogFile: string
    let context: BrowserContext
    let page: Page
    const phase = (name: string) => `${name}-${run}`

    beforeAll(async () => {
      listener = await startLoopbackListener()
      served = await appHost.start()
      profile = await mkdtemp(join(tmpdir(), 'preview-net-'))
      netLogFile = join(profile, 'net-log.json')
      context = await chromium.launchPersistentContext(join(profile, 'user-data'), {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS, `--log-net-log=${netLogFile}`, `--host-resolver-rules=MAP *.${MAPPED} 127.0.0.1:${listener.port}`],
        viewport: { width: 1280, height: 900 },
      })
      page = context.pages()[0] ?? (await context.newPage())
      await page.goto(served.url)
      await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
    })
    afterAll(async () => {
      await context?.close()
      await served?.close()
      await listener?.close()
      if (profile) await rm(profile, { recursive: true, force: true })
    })

    test('opening the HTML and SVG previews and clicking in them connects nowhere', async () => {
      await previewAndClick(page, ...hostsFor(phase('preview')))
      await settle()
      expect(listener.connections()).toBe(0)
    })

    test('control: the frame the app used before (sandboxed, same policy, not rewritten) connects and resolves', async () => {
      await page.evaluate(
        ({ policy, html }) => {
          const frame = document.createElement('iframe')
          frame.setAttribute('sandbox', '')
          frame.setAttribute('csp', policy)
          frame.id = 'unrewritten'
          frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="${policy}">${html}`
          document.body.append(frame)
        },
        { policy: PREVIEW_POLICY, html: htmlOf(phase('unrewritten')) },
      )
      // The frame's navigation is refused by frame-src after the connection is open: a connection, maybe no request.
      await expect.poll(() => listener.connections(), { timeout: 30_000 }).toBeGreaterThan(0)
      // The lookups of the unmapped names go to a real resolver and may start later: let them.
      await settle()
      await page.evaluate(() => document.getElementById('unrewritten')?.remove())
    })

    test('control: the same markup in a plain page connects and resolves', async () => {
      listener.serveControl(htmlOf(phase('plain')))
      const tab = await context.newPage()
      await tab.goto(`http://control.${MAPPED}/control`)
      await expect.poll(() => listener.hosts().filter((host) => host.endsWith(`${phase('plain')}.${MAPPED}`)).length, { timeout: 30_000 }).toBeGreaterThan(0)
      await settle()
      await tab.close()
    })

    test('the net log shows the controls’ lookups and connections, and nothing of the preview', async () => {
      await context.close()
      const netLog = await readFile(netLogFile, 'utf8')
      expect((JSON.parse(netLog) as { events: unknown[] }).events.length).toBeGreaterThan(0)
      const named = (name: string, domain: string) => vectorsNamed(netLog, phase(name), domain)
      // The controls: unmapped names looked up (DNS), mapped names connected to; the test can see a leak.
      expect(named('plain', UNMAPPED)).toContain('iframe')
      expect(named('unrewritten', UNMAPPED)).toContain('iframe')
      expect(named('unrewritten', MAPPED)).toContain('iframe')
      // Nothing of the preview's names, mapped or not: no lookup, no connection, no request.
      expect([...named('preview', UNMAPPED), ...named('preview', MAPPED)]).toEqual([])
      expect(netLog).not.toContain(phase('preview'))
    })
  },
)
