import { defineConfig } from 'vite'
import { isolationHeaders } from './scripts/isolation-headers.ts'
import { pyodideAssets } from './scripts/pyodide-assets.ts'

export default defineConfig({
  plugins: [pyodideAssets(), isolationHeaders()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
