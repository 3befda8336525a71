/**
 * Vitest's Playwright provider, with Firefox launched by our pinned BiDi
 * client (see launch.ts) instead of the stock `playwright.firefox`, which
 * needs Playwright's own patched build. Everything after the launch (contexts,
 * pages, commands) is the stock provider's.
 */
import { playwright, PlaywrightBrowserProvider, type PlaywrightProviderOptions } from '@vitest/browser-playwright'
import type { BrowserProviderOption, TestProject } from 'vitest/node'
import { launchFirefox } from './launch.ts'

class FirefoxBiDiProvider extends PlaywrightBrowserProvider {
  private launched: Promise<void> | undefined

  constructor(
    private readonly testProject: TestProject,
    options: PlaywrightProviderOptions,
  ) {
    super(testProject, options)
  }

  // The stock provider reuses a browser it already holds: hand it ours before its first page.
  override async openPage(sessionId: string, url: string, options: { parallel: boolean }): Promise<void> {
    this.launched ??= launchFirefox({ headless: this.testProject.config.browser.headless }).then((browser) => {
      this.browser = browser
    })
    await this.launched
    return super.openPage(sessionId, url, options)
  }
}

export function firefoxBiDi(options: PlaywrightProviderOptions = {}): BrowserProviderOption<PlaywrightProviderOptions> {
  return {
    ...playwright(options),
    supportedBrowser: ['firefox'],
    providerFactory: (project) => new FirefoxBiDiProvider(project, options),
  }
}
