import { PythonSandbox } from '../index.ts'
import { mountChat } from './chat/index.ts'
import { mountConsole } from './console.ts'
import { showStatus, warnWithoutIsolation } from './status.ts'

const sandbox = new PythonSandbox()
showStatus(document.getElementById('status')!, sandbox)
warnWithoutIsolation(document.getElementById('isolation-warning')!)
mountConsole(document.getElementById('console')!, sandbox)
// The chat gets a sandbox of its own, so the model never sees the console's variables.
mountChat(document.getElementById('chat')!)
