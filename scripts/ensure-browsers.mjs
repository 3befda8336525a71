#!/usr/bin/env node
// Runs before `npm test`: the browser tests drive Debian's Chromium, Firefox ESR and WebKit (WebKitWebDriver
// with MiniBrowser, under xvfb-run), which npm cannot install (Playwright's own browser downloads cannot work
// on our machines). When one is missing, root
// installs it with apt-get; anyone else is told the one command that does, and the tests stop at once.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const browsers = [
  { name: 'chromium', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  { name: 'firefox-esr', path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr' },
  { name: 'webkit2gtk-driver', path: process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver' },
  { name: 'xvfb', path: '/usr/bin/xvfb-run' },
]
const missing = browsers.filter((browser) => !existsSync(browser.path))
if (missing.length > 0) {
  const packages = missing.map((browser) => browser.name)
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(`Installing ${packages.join(' and ')} for the browser tests: ${command}`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env })
  } else {
    console.error(`The browser tests need ${missing.map((browser) => browser.path).join(' and ')}. Install with:\n  sudo ${command}`)
    process.exit(1)
  }
}
