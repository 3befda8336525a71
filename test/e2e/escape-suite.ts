/**
 * The escape corpus against the built app, whoever serves it and whatever
 * drives the browser: each attempt runs in the app's console and must print
 * BLOCKED, leak neither the API key nor an app secret, and reach no server
 * that records contacts.
 */
import { describe, expect, test } from 'vitest'
import { TEST_API_KEY } from '../browser/isolation/app-data.ts'
import { ESCAPE_CORPUS, type EscapeTargets } from '../browser/isolation/escape-corpus.ts'
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
export function targetsFor(appURL: string, observer: Observer): EscapeTargets {
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

export function describeEscapeCorpus(title: string, scene: () => EscapeScene): void {
  describe(title, () => {
    for (const attempt of ESCAPE_CORPUS) {
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
