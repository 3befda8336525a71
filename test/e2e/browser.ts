/** Debian's Chromium, driven by Playwright, as in the browser test projects. */
import { chromium, type Browser } from 'playwright'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}
