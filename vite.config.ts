import { defineConfig } from 'vite'
import { isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'
import { sandboxFrame } from './scripts/sandbox-frame.ts'
import { serviceWorker } from './scripts/service-worker.ts'

export default defineConfig({
  plugins: [pyodideAssets(), isolationHeaders(), sandboxFrame(), serviceWorker()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
