/**
 * Working offline: registering the service worker that `vite build` generates
 * (see scripts/service-worker.ts) and telling the user where they stand.
 */

declare global {
  interface ImportMetaEnv {
    /** Set by scripts/service-worker.ts in builds only; unset under the dev server and in tests. */
    readonly SERVICE_WORKER_URL?: string
  }
}

export interface RegisterServiceWorkerOptions {
  /**
   * Register only once this settles. The first install downloads the whole
   * Pyodide core (about 13 MB) again, so waiting for Python to start keeps it
   * from slowing that start. Default: register at once.
   */
  after?: PromiseLike<unknown>
}

/**
 * Registers the offline service worker in a built app; does nothing under the
 * dev server or in tests, where a cache would serve stale modules.
 *
 * Resolves true once a worker is active, which means its install finished
 * and everything it precaches is stored: a reload would now work offline.
 * Resolves false when there is no service worker, and never rejects.
 *
 * @example
 * showConnectivity(document.getElementById('connectivity')!, registerServiceWorker({ after: sandbox.ready() }))
 */
export async function registerServiceWorker(options: RegisterServiceWorkerOptions = {}): Promise<boolean> {
  const url = import.meta.env.SERVICE_WORKER_URL
  if (url === undefined || !('serviceWorker' in navigator)) return false
  try {
    await Promise.resolve(options.after).catch(() => undefined)
    await navigator.serviceWorker.register(url, { scope: import.meta.env.BASE_URL })
    await navigator.serviceWorker.ready
    return true
  } catch (error) {
    // The app works without it, only not offline; say why in the console for whoever deploys it.
    console.warn('The offline service worker could not be registered:', error)
    return false
  }
}

export type Connectivity = 'online' | 'offline' | 'offline-ready'

const CONNECTIVITY_TEXT: Record<Connectivity, string> = {
  online: '',
  offline: 'Offline',
  'offline-ready': 'Ready to work offline',
}

/**
 * Shows "Offline" while the browser has no network, and "Ready to work
 * offline" while it has one and `offlineReady` resolved true. Hidden otherwise.
 * The state is also in `data-connectivity`, for styling.
 */
export function showConnectivity(element: HTMLElement, offlineReady: PromiseLike<boolean> = Promise.resolve(false)): void {
  let ready = false
  const update = () => {
    const state: Connectivity = !navigator.onLine ? 'offline' : ready ? 'offline-ready' : 'online'
    element.dataset.connectivity = state
    element.textContent = CONNECTIVITY_TEXT[state]
    element.hidden = state === 'online'
  }
  addEventListener('online', update)
  addEventListener('offline', update)
  update()
  void Promise.resolve(offlineReady).then((value) => {
    ready = value
    update()
  })
}
