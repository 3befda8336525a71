/**
 * A Vitest browser provider for WebKit over W3C WebDriver classic
 * (`webdriver.ts`). Vitest's own WebDriver provider would bring in
 * webdriverio and its dependencies for what is here a few HTTP calls; its
 * Playwright provider cannot drive Debian's WebKit at all.
 *
 * One browser and one session for the whole project; each test file's page
 * opens in a window of its own. No locators, screenshots or
 * CDP: the tests that run here use none (custom commands go through Vitest's
 * server, not the provider).
 */
import { defineBrowserProvider } from '@vitest/browser'
import type { BrowserProvider, BrowserProviderOption, TestProject } from 'vitest/node'
import { launchWebKit, type WebKitSession } from './webdriver.ts'

class WebKitWebDriverProvider implements BrowserProvider {
  readonly name = 'webkit-webdriver'
  readonly supportsParallelism = false
  private session: Promise<WebKitSession> | undefined

  constructor(readonly project: TestProject) {}

  getCommandsContext(): Record<string, unknown> {
    return {}
  }

  // Vitest may open a test file's page before the one before it has finished: each gets a window of its own.
  private opened = Promise.resolve()

  openPage(_sessionId: string, url: string): Promise<void> {
    this.session ??= launchWebKit()
    const session = this.session
    const first = this.pages++ === 0
    this.opened = this.opened.then(async () => (first ? (await session).goto(url) : void (await (await session).openWindow(url))))
    return this.opened
  }

  private pages = 0

  async close(): Promise<void> {
    const session = this.session
    this.session = undefined
    await (await session)?.quit()
  }
}

export function webkitWebDriver(): BrowserProviderOption {
  return defineBrowserProvider({
    name: 'webkit-webdriver',
    supportedBrowser: ['webkit'],
    options: {},
    providerFactory: (project: TestProject) => new WebKitWebDriverProvider(project),
  })
}
