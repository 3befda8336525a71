/**
 * Drives the console of the built app: puts the app's data where the app
 * keeps it, runs code through the Run button, and reads what the page shows.
 */
import type { Page } from 'playwright'
import { lastCell, runInConsole as runCell } from './app.ts'

export async function storeAppDataInPage(page: Page, apiKey: string, proxy: string): Promise<void> {
  await page.evaluate(
    async ({ apiKey, proxy }) => {
      localStorage.setItem('gemini-chat.api-key', apiKey)
      localStorage.setItem('gemini-chat.base-url', proxy)
      document.cookie = `session=${apiKey}; path=/; SameSite=Strict`
      await new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('pyodide-code-execution-test', 1)
        request.onupgradeneeded = () => request.result.createObjectStore('secrets')
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const tx = request.result.transaction('secrets', 'readwrite')
          tx.objectStore('secrets').put(apiKey, 'apiKey')
          tx.oncomplete = () => (request.result.close(), resolve())
        }
      })
      const cache = await caches.open('app-cache')
      await cache.put('/app-data.json', new Response(JSON.stringify({ apiKey })))
    },
    { apiKey, proxy },
  )
}

export interface ConsoleRun {
  /** What the run's cell shows as output. */
  output: string
  /** The cell's status after the run, e.g. `ok in 0.31 s`. */
  status: string
}

/** Shows the console view, runs code in a new cell and waits for the run to end. */
export async function runInConsole(page: Page, code: string, timeoutMs = 90_000): Promise<ConsoleRun> {
  if (await page.locator('.console').isHidden()) await page.locator('nav.views').getByRole('button', { name: 'Console' }).click()
  const output = await runCell(page, code, timeoutMs)
  return { output, status: (await lastCell(page).locator('.cell-status').textContent()) ?? '' }
}
