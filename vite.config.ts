import { defineConfig } from 'vite'
import { pyodideCodeExecution } from './scripts/vite-plugin.ts'

export default defineConfig({
  plugins: [pyodideCodeExecution()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
