/**
 * The demo app: a Gemini chat whose code runs locally, and a Python console.
 * It uses the library only through its public entry, like any other app.
 */
import { render } from 'preact'
import { PythonSandbox } from '../index.ts'
import { watchPackages } from './console/cells.ts'
import { App } from './shell/app.tsx'
import { watchPython } from './shell/python-status.ts'
import { applyTheme } from './shell/theme.ts'
import { loadConversations } from './store/app-store.ts'

// The console's own sandbox (each chat gets one of its own, so the model never sees the console's variables).
// A larger output cap than the library's default: a console is where people print a lot.
const sandbox = new PythonSandbox({ outputLimitBytes: 8 * 1024 * 1024 })
watchPython(sandbox)
watchPackages(sandbox)
applyTheme()
void loadConversations()

render(<App sandbox={sandbox} />, document.getElementById('app')!)
