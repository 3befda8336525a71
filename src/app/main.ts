import { PythonSandbox } from '../index.ts'
import { mountChat } from './chat/index.ts'
import { mountConsole } from './console.ts'
import { registerServiceWorker, showConnectivity } from './offline.ts'
import { showStatus, warnIfSandboxNotIsolated, warnWithoutIsolation } from './status.ts'

const sandbox = new PythonSandbox()
showStatus(document.getElementById('status')!, sandbox)
showConnectivity(document.getElementById('connectivity')!, registerServiceWorker({ after: sandbox.ready() }))
warnWithoutIsolation(document.getElementById('isolation-warning')!)
warnIfSandboxNotIsolated(document.getElementById('sandbox-warning')!, sandbox)
mountConsole(document.getElementById('console')!, sandbox)
// The chat gets a sandbox of its own, so the model never sees the console's variables.
mountChat(document.getElementById('chat')!)
