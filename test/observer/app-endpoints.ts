/**
 * The app's own endpoints the isolation tests stand in for, as plain data:
 * shared by the servers (`plugin.ts`, the static host) and by the tests in the
 * browser, so nothing here may import Node.
 */
import pypiLock from '../../src/packages/pypi-lock.json' with { type: 'json' }

/** The app's API, a Gemini proxy, a secret file beside the app, and an endpoint that needs the session cookie. */
export const APP_ENDPOINTS = ['/api/secret', '/api/gemini-proxy/', '/secret.txt', '/api/me.json'] as const

/** What every app endpoint stand-in answers with: no test output may ever contain it. */
export const APP_SECRET = 'app-endpoint-secret'

/**
 * A file the asset relay may serve (a package the PyPI extras lock names
 * under the mirror, never imported by the tests) that the test hosts answer
 * with a redirect to `/secret.txt`.
 */
export const REDIRECTING_PACKAGE_PATH = `/packages/${
  Object.values(pypiLock.packages as Record<string, { file_name: string }>).find((entry) => !entry.file_name.includes('://'))!.file_name
}`
