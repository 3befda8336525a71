/**
 * The escape corpus against the built app, whoever serves it and whatever
 * drives the browser: each attempt runs in the app's console and must print
 * BLOCKED, leak neither the API key nor an app secret, and reach no server
 * that records contacts.
 */
import { describe, expect, test } from 'vitest'
import { TEST_API_KEY } from '../browser/isolation/app-data.ts'
import { ESCAPE_CORPUS, type EscapeAttempt, type EscapeTargets } from '../browser/isolation/escape-corpus.ts'
import { APP_SECRET, REDIRECTING_PACKAGE_PATH } from '../observer/app-endpoints.ts'
import type { Observer } from '../observer/server.ts'
import type { ConsoleRun } from './isolation-page.ts'

export interface EscapeScene {
  /** Runs code in the app's console (Playwright's page, or WebDriver in WebKit). */
  run(code: string): Promise<ConsoleRun>
  observer: Observer
  targets: EscapeTargets
}

/** The targets for an app served at `appURL` with the sandbox's default folders. */
export function targetsFor(appURL: string, observer: Pick<Observer, 'url'>): EscapeTargets {
  const origin = new URL(appURL).origin
  return {
    observer: observer.url,
    app: origin,
    appEndpoint: `${origin}/api/secret`,
    proxy: `${origin}/api/gemini-proxy/`,
    apiKey: TEST_API_KEY,
    indexURL: new URL('pyodide/', appURL).href,
    packagesURL: new URL('packages/', appURL).href,
    redirectingFile: `${origin}${REDIRECTING_PACKAGE_PATH}`,
  }
}

/** The names the corpus's snippets give the app's own host and its folders (see escape-attempt.ts). */
const HOST_NAMES = /\b(APP|APP_ENDPOINT|PROXY|INDEX_URL|PACKAGES_URL|REDIRECTING_FILE)\b/

/**
 * Whether an attempt asks the app's own host for something (its API, the proxy, the relay's folders):
 * the attempts a different host of the same build can answer differently. The others meet only the
 * build's policies and the browser, the same on every host that serves the build's headers.
 */
export function asksTheHost(attempt: EscapeAttempt): boolean {
  // Any targets do: the snippet names them, its text does not change with them. The prelude defines them all.
  const code = attempt.code(targetsFor('http://app.invalid/', { url: 'http://observer.invalid' }))
  return HOST_NAMES.test(code.slice(code.indexOf('\ntry:\n')))
}

export function describeEscapeCorpus(title: string, scene: () => EscapeScene, only: (attempt: EscapeAttempt) => boolean = () => true): void {
  describe(title, () => {
    for (const attempt of ESCAPE_CORPUS.filter(only)) {
      test(attempt.vector, async () => {
        const { run, observer, targets } = scene()
        observer.clear()
        const { output, status } = await run(attempt.code(targets))
        expect(status, output).toMatch(/^ok in/)
        expect(output).toMatch(/^BLOCKED: /m)
        expect(output).not.toContain('ESCAPED')
        expect(output).not.toContain(TEST_API_KEY)
        expect(output).not.toContain(APP_SECRET)
        await new Promise((resolve) => setTimeout(resolve, 300)) // lets a background request reach the observer
        expect(observer.contacts()).toEqual([])
      })
    }
  })
}
