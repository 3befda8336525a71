/**
 * The relay class of the escape corpus: ways to make the main thread's asset
 * relay fetch something that is not one of the sandbox's own files.
 *
 * The relay runs with the app's origin, so a host that decodes `%2F` (Python's
 * http.server, nginx) would serve `/pyodide/..%2fsecret.txt` from
 * `/secret.txt`, with the app's cookies. Each attempt tries every spelling
 * under every folder the sandbox fetches from, toward the secrets the test
 * hosts keep beside the app (`/secret.txt`, and `/api/me.json`, which needs
 * the session cookie). Any answer at all is an escape.
 */
import { attempt, type EscapeAttempt } from './escape-attempt.ts'

/** Paths of the secrets beside the app, relative to the origin. */
const SECRETS = ['secret.txt', 'api/me.json']

/**
 * Every way up from each folder the relay serves: one and two levels, so a
 * secret at the origin's root is reached from `/pyodide/` and from an app
 * deployed one folder deeper.
 */
function traversal(up: string): string {
  return `
urls = [prefix + ${JSON.stringify(up)} * levels + secret for prefix in (INDEX_URL, PACKAGES_URL) for levels in (1, 2) for secret in ${JSON.stringify(SECRETS)}]
await fetch_each(urls)`
}

export const RELAY_CORPUS: EscapeAttempt[] = [
  attempt('relay: traversal with an encoded slash (..%2f) under the core and package folders', () => traversal('..%2f')),
  attempt('relay: traversal with an upper-case encoded slash (..%2F)', () => traversal('..%2F')),
  attempt('relay: traversal with encoded dots and slash (%2e%2e%2f)', () => traversal('%2e%2e%2f')),
  attempt('relay: traversal with encoded dots and a plain slash (%2e%2e/)', () => traversal('%2e%2e/')),
  attempt('relay: traversal with an encoded backslash (..%5c)', () => traversal('..%5c')),
  attempt('relay: traversal with a double-encoded slash (..%252f)', () => traversal('..%252f')),
  attempt('relay: traversal with double-encoded dots (%252e%252e%252f)', () => traversal('%252e%252e%252f')),
  attempt('relay: traversal with a backslash (..\\)', () => traversal('..\\')),
  attempt('relay: traversal with plain dot segments (../)', () => traversal('../')),
  attempt('relay: dot segments after an allowed file name', () => `
await fetch_each([INDEX_URL + "pyodide.mjs/../../" + secret for secret in ${JSON.stringify(SECRETS)}] + [INDEX_URL + "pyodide.mjs/..%2f..%2f" + secret for secret in ${JSON.stringify(SECRETS)}])`),
  attempt('relay: a query or fragment after an allowed file name', () => `
await fetch_each([INDEX_URL + "pyodide.mjs" + trick + secret for trick in ("?/../../", "?x=..%2f..%2f", "#/../../", ";/..%2f..%2f") for secret in ${JSON.stringify(SECRETS)}])`),
  attempt('relay: the secrets by their own URLs, and the folders themselves', () => `
await fetch_each([APP + "/" + secret for secret in ${JSON.stringify(SECRETS)}] + [INDEX_URL, PACKAGES_URL, INDEX_URL + "pyodide.js", INDEX_URL + "package.json"])`),
  attempt('relay: the cookie-protected endpoint, asking for credentials', () => `
init = js.Object.fromEntries([["credentials", "include"], ["mode", "same-origin"]])
await fetch_each([APP + "/api/me.json", INDEX_URL + "..%2fapi%2fme.json", INDEX_URL + "..%2f..%2fapi/me.json"], init)`),
  attempt('relay: an allowed package file the host redirects to a secret', () => `
await fetch_each([REDIRECTING_FILE])`),
  attempt('relay bypass: XMLHttpRequest with credentials, straight to the host, with an encoded slash', () => `
xhr = js.XMLHttpRequest.new()
xhr.withCredentials = True
xhr.open("GET", INDEX_URL + "..%2fapi%2fme.json")
xhr.send()
loaded = await outcome_of(xhr, ["load"], ["error", "abort"])
verdict(loaded, f"status {xhr.status}: {xhr.responseText[:80]}" if loaded else "request refused")`),
  attempt('relay bypass: importScripts() through an encoded slash under the core folder', () => `
js.importScripts(INDEX_URL + "..%2fsecret.txt")
verdict(True, "imported")`),
]
