/**
 * The observer for the Vitest browser projects: one loopback server per
 * project, reachable from tests through browser commands, plus
 * endpoints on the dev server itself that stand for the app's own API
 * (`/api/secret`) and a configured Gemini proxy (`/api/gemini-proxy/`).
 * A hit on either is recorded as an escape too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Plugin } from 'vite'
import type { BrowserCommand } from 'vitest/node'
import { startObserver, type ObservedContact, type Observer } from './server.ts'

// One per project: the browser projects run side by side, and a contact made
// by one project's test (the control escape, say) must not land in another's.
const observers = new Map<string, Promise<Observer>>()

export function observerFor(project: string): Promise<Observer> {
  let observer = observers.get(project)
  if (!observer) observers.set(project, (observer = startObserver()))
  return observer
}

export const APP_ENDPOINTS = ['/api/secret', '/api/gemini-proxy/'] as const

/** Mounts the app-endpoint stand-ins on the dev server and on `vite preview`, recording hits in `target`. */
export function observerEndpoints(target: () => Promise<Observer>): Plugin {
  const endpoints = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (!APP_ENDPOINTS.some((path) => req.url?.startsWith(path))) return next()
    void target().then((o) => o.note({ kind: 'app-endpoint', method: req.method ?? '', url: req.url ?? '' }))
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ secret: 'app-endpoint-secret' }))
  }
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
