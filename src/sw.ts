/**
 * The service worker that lets the built app work offline after one visit.
 * Built by `scripts/service-worker.ts`, which fills in the precache manifest.
 *
 * - Precached at install: every HTML page, the JS and CSS, the Pyodide core
 *   and the mirror's lock when the build saw one: everything Python needs to start.
 * - Cached when first loaded: package files (wheels, and the `.zip` shared
 *   libraries in Pyodide's lock) from our mirror, the Pyodide CDN and PyPI.
 *   Their names carry the version and the lock pins their sha256, so a cached
 *   copy never goes stale: cache first.
 * - Nothing else: the Gemini API and every POST go straight to the network.
 *
 * Workbox stores whole responses, headers included, so a page served offline
 * gets what the server sent (COOP, COEP, CSP). Cross-origin wheels are cached
 * only as CORS 200s: an opaque response is unusable under COEP require-corp.
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { clientsClaim } from 'workbox-core'
import type { WorkboxPlugin } from 'workbox-core/types'
import { ExpirationPlugin } from 'workbox-expiration'
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching'
import { registerRoute } from 'workbox-routing'
import { CacheFirst, NetworkFirst } from 'workbox-strategies'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: PrecacheEntry[] }

/** Pyodide's CDN for this version, filled in at build time; `self.__WB_MANIFEST` is filled in after. */
declare const __PYODIDE_CDN_URL__: string
const CDN_URL = __PYODIDE_CDN_URL__

cleanupOutdatedCaches()
// Precached files are static, so a query string never changes which one is meant (`/?session=…` is index.html).
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/./] })
// Take over the page of the first visit at once, so the packages it loads next are cached too.
// No skipWaiting(): an update waits until old tabs close rather than swapping code under a running interpreter.
clientsClaim()

const onlyComplete = new CacheableResponsePlugin({ statuses: [200] })
// Many static hosts (`vite preview` among them) answer a missing file with their index page and a 200.
// Kept in a file's place, that page would hide the file for good once it was added.
const notAPage: WorkboxPlugin = {
  cacheWillUpdate: async ({ response }) => ((response.headers.get('content-type') ?? '').includes('text/html') ? null : response),
}
const packages = new CacheFirst({
  cacheName: 'python-packages',
  // Bounds the cache across Pyodide upgrades; more than every package of one lock.
  plugins: [onlyComplete, notAPage, new ExpirationPlugin({ maxEntries: 500, purgeOnQuotaError: true })],
})

// A mirror vendored after the build: its lock changes when re-vendored, so the network comes first.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith('/packages/pyodide-lock.json'),
  new NetworkFirst({ cacheName: 'package-mirror-lock', networkTimeoutSeconds: 5, plugins: [onlyComplete, notAPage] }),
)
registerRoute(({ url, sameOrigin }) => sameOrigin && /\/packages\/[^/]+\.(?:whl|zip|pyc-bundle)$/.test(url.pathname), packages)
registerRoute(({ url }) => url.href.startsWith(CDN_URL) && /\.(?:whl|zip)$/.test(url.pathname), packages)
registerRoute(({ url }) => url.origin === 'https://files.pythonhosted.org' && url.pathname.endsWith('.whl'), packages)
