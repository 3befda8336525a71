// A second page of the consumer app, built on its own: the broker with the app's @google/genai.
// `vite preview` passes /gemini-api/ on to the strict local Gemini server the test started.
import { defineConfig } from 'vite'
import { pyodideCodeExecution } from 'pyodide-code-execution/vite'

export default defineConfig({
  plugins: [pyodideCodeExecution()],
  preview: {
    proxy: { '/gemini-api': { target: process.env['GEMINI_TEST_SERVER'], rewrite: (path) => path.replace(/^\/gemini-api/, '') } },
  },
})
