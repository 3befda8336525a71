import { defineConfig } from 'vite'
import { pagePolicy } from './scripts/page-policy.ts'
import { pyodideCodeExecution } from './scripts/vite-plugin.ts'

export default defineConfig({
  plugins: [pyodideCodeExecution(), pagePolicy()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
