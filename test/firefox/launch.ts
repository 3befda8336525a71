/**
 * Debian's Firefox ESR, driven by Playwright over WebDriver BiDi.
 *
 * Playwright's own patched Firefox cannot be downloaded on our machines, and
 * Debian ships no geckodriver, so Playwright's BiDi client (the `moz-firefox`
 * channel) drives the stock browser. It is pinned apart from the `playwright`
 * that drives Chromium: from 1.65 on, every new context sends
 * `emulation.setMediaFeaturesOverride`, which Firefox ESR 153 does not know,
 * so nothing could open a page. The pinned client speaks the same API.
 */
import type { Browser } from 'playwright'
import { firefox } from 'playwright-core-firefox'

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

export interface FirefoxLaunchOptions {
  /** Default: `true`. */
  headless?: boolean
  /** An HTTP proxy for every request but those to `bypass` (comma-separated hosts). */
  proxy?: { server: string; bypass?: string }
}

/** Typed as the `playwright` that drives Chromium, so tests hold either browser the same way. */
export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<Browser> {
  const browser = await firefox.launch({ channel: 'moz-firefox', executablePath: FIREFOX_PATH, headless: options.headless ?? true, ...(options.proxy ? { proxy: options.proxy } : {}) })
  return browser as unknown as Browser
}
