// vite.config.ts
import { defineConfig } from 'vite'
import { pyodideCodeExecution } from 'pyodide-code-execution/vite'

export default defineConfig({ plugins: [pyodideCodeExecution()] })
