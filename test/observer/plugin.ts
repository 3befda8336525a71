/**
 * The observer for the Vitest browser projects: one loopback server per
 * project, reachable from tests through browser commands, plus
 * endpoints on the dev server itself that stand for the app's own API
 * (`/api/secret`), a configured Gemini proxy (`/api/gemini-proxy/`), a secret
 * file beside the app (`/secret.txt`) and an endpoint that needs the session
 * cookie (`/api/me.json`). A hit on any of them is recorded as an escape too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import type { BrowserCommand } from 'vitest/node'
import { APP_ENDPOINTS, APP_SECRET, REDIRECTING_PACKAGE_PATH } from './app-endpoints.ts'
import { startObserver, type ObservedContact, type Observer } from './server.ts'

// One per project: the browser projects run side by side, and a contact made
// by one project's test (the control escape, say) must not land in another's.
const observers = new Map<string, Promise<Observer>>()

export function observerFor(project: string): Promise<Observer> {
  let observer = observers.get(project)
  if (!observer) observers.set(project, (observer = startObserver()))
  return observer
}

/** The session cookie `/api/me.json` asks for, as the isolation tests set it (`session=<key>`). */
const SESSION_COOKIE = /(?:^|;\s*)session=[^;]+/

/**
 * The stand-ins as a plain middleware, for any Node server: the app's API,
 * a Gemini proxy, a secret file beside the app, an endpoint that needs the
 * session cookie, and the redirect from an allowed file to the secret. Every
 * hit on a secret is recorded in `target`.
 */
export function appEndpointStandIns(target: () => Promise<Observer>) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0]!
    if (path === REDIRECTING_PACKAGE_PATH) {
      res.writeHead(302, { Location: '/secret.txt' })
      return void res.end()
    }
    if (!APP_ENDPOINTS.some((endpoint) => path.startsWith(endpoint))) return next()
    void target().then((o) => o.note({ kind: 'app-endpoint', method: req.method ?? '', url: req.url ?? '' }))
    if (path === '/api/me.json' && !SESSION_COOKIE.test(req.headers.cookie ?? '')) {
      res.writeHead(401, { 'Content-Type': 'application/json' })
      return void res.end('{"error": "sign in first"}')
    }
    res.setHeader('Content-Type', path.endsWith('.txt') ? 'text/plain' : 'application/json')
    res.end(JSON.stringify({ secret: APP_SECRET }))
  }
}

/** Mounts the app-endpoint stand-ins on the dev server and on `vite preview`, recording hits in `target`. */
export function observerEndpoints(target: () => Promise<Observer>): Plugin {
  const endpoints = appEndpointStandIns(target)
  return {
    name: 'pyodide-code-execution:test-observer',
    configureServer(server) {
      server.middlewares.use(endpoints)
    },
    configurePreviewServer(server) {
      server.middlewares.use(endpoints)
    },
  }
}

const observerUrl: BrowserCommand<[]> = async ({ project }) => (await observerFor(project.name)).url
const observerContacts: BrowserCommand<[]> = async ({ project }): Promise<ObservedContact[]> => (await observerFor(project.name)).contacts()
const observerClear: BrowserCommand<[]> = async ({ project }) => (await observerFor(project.name)).clear()

export const observerCommands = { observerUrl, observerContacts, observerClear }

declare module 'vitest/browser' {
  interface BrowserCommands {
    observerUrl: () => Promise<string>
    observerContacts: () => Promise<ObservedContact[]>
    observerClear: () => Promise<void>
  }
}
