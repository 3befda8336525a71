/**
 * Debian's WebKit (`webkit2gtk-driver`: WebKitWebDriver and MiniBrowser),
 * driven over W3C WebDriver classic, which is plain HTTP: no client library.
 *
 * The driver runs under `xvfb-run -a`, as MiniBrowser needs a display; both
 * are in a process group of their own, which `quit()` ends.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver'

/** One WebDriver session in MiniBrowser. */
export interface WebKitSession {
  /** Navigates and waits for the page to load. */
  goto(url: string): Promise<void>
  /** Opens `url` in a new window of the session, leaving the pages of earlier windows running; returns its handle. */
  openWindow(url: string): Promise<string>
  /** The handle of the window commands go to. */
  currentWindow(): Promise<string>
  /** Sends commands to the window `handle`. */
  switchToWindow(handle: string): Promise<void>
  /** Closes the window commands go to; call `switchToWindow` after. */
  closeWindow(): Promise<void>
  /** Sends commands to the page of a frame element found by `find`, or back to the top page with `null`. */
  switchToFrame(element: string | null): Promise<void>
  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns what it returns. */
  execute<T>(script: string, ...args: unknown[]): Promise<T>
  /** Like `execute`, for a script that calls `arguments[arguments.length - 1]` with its result. */
  executeAsync<T>(script: string, ...args: unknown[]): Promise<T>
  /** The first element `selector` (CSS) finds, as WebDriver's reference; throws when none. */
  find(selector: string): Promise<string>
  /** The first button whose text is `text`; throws when none. */
  findButton(text: string): Promise<string>
  /** The element a script (a function body; `arguments` holds `args`) returns; throws when it returns none. */
  findByScript(script: string, ...args: unknown[]): Promise<string>
  /** Clicks an element found by `find`, as a user would. */
  click(element: string): Promise<void>
  /** Types `text` into an element found by `find`, key by key. */
  type(element: string, text: string): Promise<void>
  /** Ends the session, the browser, the driver and its display. */
  quit(): Promise<void>
}

/** How W3C WebDriver names an element reference in JSON. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const reply = (await response.json()) as { value: T & { error?: string; message?: string } }
  if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${reply.value.error}: ${reply.value.message}`)
  return reply.value
}

async function waitForDriver(base: string, driver: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with code ${driver.exitCode}`)
    try {
      if ((await call<{ ready: boolean }>(base, 'GET', '/status')).ready) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('WebKitWebDriver did not answer within 30 s')
}

export interface WebKitOptions {
  /**
   * An HTTP proxy (`host:port`) for http: and https: requests to every host but those of `noProxy`: the
   * W3C `proxy` capability, which WebKitWebDriver passes to the browser's network session.
   */
  proxy?: { server: string; noProxy: string[] }
}

export async function launchWebKit(options: WebKitOptions = {}): Promise<WebKitSession> {
  const port = await freePort()
  const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER_PATH, `--port=${port}`], { detached: true, stdio: 'ignore' })
  const stop = () => {
    try {
      process.kill(-driver.pid!, 'SIGTERM')
    } catch {
      // already gone
    }
  }
  // A test run that is killed must not leave the browser and its display behind.
  process.once('exit', stop)
  const base = `http://127.0.0.1:${port}`
  let sessionId: string
  try {
    await waitForDriver(base, driver)
    const capabilities = {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
      timeouts: { script: 600_000, pageLoad: 120_000 },
      ...(options.proxy
        ? { proxy: { proxyType: 'manual', httpProxy: options.proxy.server, sslProxy: options.proxy.server, noProxy: options.proxy.noProxy } }
        : {}),
    }
    ;({ sessionId } = await call<{ sessionId: string }>(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } }))
  } catch (error) {
    stop()
    throw error
  }
  const session = `/session/${sessionId}`
  const findByScript = async (script: string, ...args: unknown[]) => {
    const found = await call<Record<string, string> | null>(base, 'POST', `${session}/execute/sync`, { script, args })
    if (!found) throw new Error(`No element from ${script}`)
    return found[ELEMENT_KEY]!
  }
  return {
    goto: (url) => call(base, 'POST', `${session}/url`, { url }),
    async openWindow(url) {
      const { handle } = await call<{ handle: string }>(base, 'POST', `${session}/window/new`, { type: 'window' })
      await call(base, 'POST', `${session}/window`, { handle })
      await call(base, 'POST', `${session}/url`, { url })
      return handle
    },
    currentWindow: () => call(base, 'GET', `${session}/window`),
    switchToWindow: (handle) => call(base, 'POST', `${session}/window`, { handle }),
    closeWindow: () => call(base, 'DELETE', `${session}/window`),
    switchToFrame: (element) =>
      element === null ? call(base, 'POST', `${session}/frame`, { id: null }) : call(base, 'POST', `${session}/frame`, { id: { [ELEMENT_KEY]: element } }),
    execute: (script, ...args) => call(base, 'POST', `${session}/execute/sync`, { script, args }),
    executeAsync: (script, ...args) => call(base, 'POST', `${session}/execute/async`, { script, args }),
    async find(selector) {
      const found = await call<Record<string, string>>(base, 'POST', `${session}/element`, { using: 'css selector', value: selector })
      return found[ELEMENT_KEY]!
    },
    findByScript,
    findButton(text) {
      return findByScript('return [...document.querySelectorAll("button")].find((button) => button.textContent.trim() === arguments[0]) ?? null', text)
    },
    click: (element) => call(base, 'POST', `${session}/element/${element}/click`, {}),
    type: (element, text) => call(base, 'POST', `${session}/element/${element}/value`, { text }),
    async quit() {
      await call(base, 'DELETE', session).catch(() => {})
      stop()
    },
  }
}
