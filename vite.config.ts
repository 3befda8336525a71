import { defineConfig } from 'vite'
import { isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'
import { sandboxFrame } from './scripts/sandbox-frame.ts'

export default defineConfig({
  plugins: [pyodideAssets(), isolationHeaders(), sandboxFrame()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
