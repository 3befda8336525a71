/**
 * The scene of the Firefox and WebKit host tests: the built app on the static
 * host that decodes `%2F` (static-host.ts), the observer beside it, and a
 * recording proxy (recording-proxy.ts) the browser sends every other host to.
 * These browsers have no net log a test can read; through the proxy, any
 * request a preview made to a vector's host shows up by name.
 */
import type { HostFor } from '../browser/files/preview-vectors.ts'
import type { EscapeTargets } from '../browser/isolation/escape-corpus.ts'
import { startObserver, type Observer } from '../observer/server.ts'
import { targetsFor } from './escape-suite.ts'
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts'
import { startStaticHost, type StaticHost } from './static-host.ts'

export interface ProxiedHost {
  observer: Observer
  host: StaticHost
  proxy: RecordingProxy
  targets: EscapeTargets
  close(): Promise<void>
}

/** What the browser reaches directly, as it would with no proxy: the app and the observer, on loopback. */
export const DIRECT_HOSTS = ['127.0.0.1', 'localhost']

export async function startProxiedHost(): Promise<ProxiedHost> {
  const observer = await startObserver()
  const host = await startStaticHost('dist', observer)
  const proxy = await startRecordingProxy()
  return {
    observer,
    host,
    proxy,
    targets: targetsFor(host.url, observer),
    close: async () => {
      await host.close()
      await proxy.close()
      await observer.close()
    },
  }
}

/** `<vector>.<phase>.attacker.example`: a name only a request through the proxy would show. */
export const attacker =
  (phase: string): HostFor =>
  (tag) =>
    `${tag}.${phase}.attacker.example`

/** The hosts of one phase the proxy was asked for. */
export const askedFor = (proxy: RecordingProxy, phase: string): string[] => proxy.hosts().filter((host) => host.endsWith(`.${phase}.attacker.example`))

/** Where the static host serves the vectors as a plain page, for the proxy's control. */
export const PLAIN_VECTORS_PATH = '/plain-vectors.html'
