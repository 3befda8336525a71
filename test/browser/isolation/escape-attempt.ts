/**
 * How an escape attempt is written: a Python snippet that prints exactly one
 * verdict line, `BLOCKED: <why>` or `ESCAPED: <what it got>`, and never
 * raises, so a test can tell "the attempt failed" from "the snippet broke".
 */

export interface EscapeTargets {
  /** The loopback observer, `http://127.0.0.1:<port>`. */
  observer: string
  /** The app's origin. */
  app: string
  /** An endpoint of the app's own API on its origin (recorded when hit). */
  appEndpoint: string
  /** A configured Gemini API proxy (recorded when hit). */
  proxy: string
  /** The API key the app stores; snippets carry it reversed, so their own text never contains it. */
  apiKey: string
  /** The sandbox's Pyodide core folder (`indexURL`), where the relay serves named files. */
  indexURL: string
  /** The sandbox's package folder (`packagesURL`). */
  packagesURL: string
  /** A package file the relay may serve, which the host answers with a redirect to a secret (see test/observer/plugin.ts). */
  redirectingFile: string
}

export interface EscapeAttempt {
  /** Reads as the vector tried. */
  vector: string
  code(targets: EscapeTargets): string
}

const q = JSON.stringify

function prelude(t: EscapeTargets): string {
  return [
    'import js, asyncio',
    `OBSERVER, APP, APP_ENDPOINT, PROXY = ${q(t.observer)}, ${q(t.app)}, ${q(t.appEndpoint)}, ${q(t.proxy)}`,
    `INDEX_URL, PACKAGES_URL, REDIRECTING_FILE = ${q(t.indexURL)}, ${q(t.packagesURL)}, ${q(t.redirectingFile)}`,
    `KEY_REVERSED = ${q([...t.apiKey].reverse().join(''))}`,
    'def verdict(escaped, detail=""):',
    '    print(("ESCAPED: " if escaped else "BLOCKED: ") + str(detail).replace("\\n", " ")[:300])',
    'from pyodide.ffi import create_proxy',
    'async def outcome_of(target, ok_events, bad_events, seconds=3):',
    '    """Waits for the first of some events on a JS event target: True when an ok event came first."""',
    '    future = asyncio.get_event_loop().create_future()',
    '    for name in ok_events + bad_events:',
    '        target.addEventListener(name, create_proxy(lambda e, n=name: future.done() or future.set_result(n in ok_events)))',
    '    try:',
    '        return await asyncio.wait_for(future, seconds)',
    '    except asyncio.TimeoutError:',
    '        return False',
    'async def fetch_each(urls, init=None):',
    '    # Any answer at all is an escape: only the sandbox files may be served.',
    '    answers, refusals = [], []',
    '    for url in urls:',
    '        try:',
    '            response = await (js.fetch(url) if init is None else js.fetch(url, init))',
    '            answers.append(f"{url} answered {response.status}: {(await response.text())[:80]}")',
    '        except Exception as error:',
    '            refusals.append(f"{type(error).__name__}: {error}")',
    '    verdict(bool(answers), " | ".join(answers) if answers else f"all {len(urls)} refused, e.g. {refusals[0]}")',
    '',
  ].join('\n')
}

/** Wraps an attempt: any exception is a block, with its type and message as the reason. */
export function attempt(vector: string, body: (t: EscapeTargets) => string): EscapeAttempt {
  return {
    vector,
    code: (t) => {
      const indented = body(t).trim().split('\n').map((line) => `    ${line}`).join('\n')
      return `${prelude(t)}try:\n${indented}\nexcept BaseException as error:\n    verdict(False, f"{type(error).__name__}: {error}")\n`
    },
  }
}

export const fetchFrom = (url: string, options = '') => `
response = await js.fetch(${url}${options})
verdict(True, f"status {response.status}: {await response.text()}")`
