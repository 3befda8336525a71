/** The whole page: header, warnings, and the chat and console views (both kept mounted, one shown). */
import { useEffect, useRef } from 'preact/hooks'
import type { PythonSandbox } from '../../index.ts'
import { ChatView } from '../chat/chat-view.tsx'
import { ConsoleView } from '../console/console-view.tsx'
import { registerServiceWorker, showConnectivity } from '../offline.ts'
import * as store from '../store/app-store.ts'
import { Header } from './header.tsx'
import { Warnings } from './warnings.tsx'

export function App({ sandbox }: { sandbox: PythonSandbox }) {
  const connectivity = useRef<HTMLParagraphElement>(null)
  useEffect(() => showConnectivity(connectivity.current!, registerServiceWorker({ after: sandbox.ready() })), [])
  const shown = store.view.value
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <p class="connectivity" id="connectivity" role="status" ref={connectivity} hidden />
      <Warnings />
      <main id="main" tabIndex={-1}>
        <div hidden={shown !== 'chat'} class="view">
          <ChatView />
        </div>
        <div hidden={shown !== 'console'} class="view">
          <ConsoleView sandbox={sandbox} />
        </div>
      </main>
    </>
  )
}
