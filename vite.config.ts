import { defineConfig } from 'vite'
import { pagePolicy } from './scripts/page-policy.ts'
import { pyodideCodeExecution } from './scripts/vite-plugin.ts'

export default defineConfig({
  // The chat's proxy URL (Settings) is the one host the page may reach besides its own, Gemini and the package hosts.
  plugins: [pyodideCodeExecution(), pagePolicy({ proxyStorageKey: 'gemini-chat.base-url' })],
  worker: { format: 'es' },
  build: { target: 'es2022' },
})
