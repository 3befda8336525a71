/**
 * The browser an e2e project drives: Debian's Chromium through Playwright, or
 * Debian's Firefox ESR through Playwright over WebDriver BiDi (see
 * test/firefox/launch.ts). Each e2e project provides its `e2eBrowser`.
 */
import { chromium, type Browser } from 'playwright'
import { inject } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'
import { launchFirefox } from '../firefox/launch.ts'

/** `webkit` projects drive their browser with test/webkit/webdriver.ts instead. */
export type E2EBrowser = 'chromium' | 'firefox' | 'webkit'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** The browser of the running e2e project. */
export function launchBrowser(name: E2EBrowser = inject('e2eBrowser')): Promise<Browser> {
  return name === 'firefox' ? launchFirefox() : launchChromium()
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which browser this e2e project drives. */
    e2eBrowser: E2EBrowser
  }
}
