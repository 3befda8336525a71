/** The app's header: name, Python's status (kept visible), the view switch and the theme. */
import icon from '../assets/favicon.svg'
import * as store from '../store/app-store.ts'
import { formatBytes } from './products.tsx'
import { pythonStatus } from './python-status.ts'

const STAGE_STEP = { 'loading-pyodide': 1, 'setting-up': 2, ready: 3 } as const
const STATE_TEXT = { starting: 'starting', restarting: 'restarting', ready: 'ready', running: 'running', disposed: 'stopped' } as const

function PythonBadge() {
  const status = pythonStatus.value
  if (status.error) return <p class="status error-text" role="status">{status.error}</p>
  if (status.version === undefined) {
    const step = status.stage ? STAGE_STEP[status.stage] : 0
    const what = status.stage === 'setting-up' ? 'Setting up Python' : 'Loading Python'
    return (
      <div class="status" role="status">
        <label>
          {what}…{status.coreBytes > 0 && ` ${formatBytes(status.coreBytes)}`}
          <progress class="start-progress" max={3} value={step} aria-label="Python start-up" />
        </label>
      </div>
    )
  }
  return (
    <p class="status" role="status">
      Python {status.version} <span class={`state ${status.state}`}>{STATE_TEXT[status.state]}</span> · started in {status.startSeconds!.toFixed(1)} s
    </p>
  )
}

export function Header() {
  return (
    <header class="top" role="banner">
      <div class="brand">
        <img src={icon} alt="" width="28" height="28" />
        <h1>Python in your browser</h1>
      </div>
      <PythonBadge />
      <nav class="views" aria-label="Views">
        <button type="button" aria-pressed={store.view.value === 'chat'} onClick={() => store.setView('chat')}>
          Chat
        </button>
        <button type="button" aria-pressed={store.view.value === 'console'} onClick={() => store.setView('console')}>
          Console
        </button>
      </nav>
      <label class="theme-picker">
        <span class="sr-only">Colour theme</span>
        <select value={store.theme.value} onChange={(event) => store.setTheme(event.currentTarget.value as store.Theme)}>
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </header>
  )
}
