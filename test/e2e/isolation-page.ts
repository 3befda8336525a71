/**
 * Drives the console of the built app: puts the app's data where the app
 * keeps it, runs code through the Run button, and reads what the page shows.
 */
import type { Page } from 'playwright'

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
  /** What the output pane shows. */
  output: string
  /** The status after the run, e.g. `ok in 0.31 s`. */
  status: string
}

/** Runs code in the console pane and waits for the run to end. */
export async function runInConsole(page: Page, code: string, timeoutMs = 90_000): Promise<ConsoleRun> {
  const status = page.locator('#console .run-status')
  await page.locator('#console .editor').fill(code)
  await page.locator('#console').getByRole('button', { name: 'Run' }).click()
  await page.waitForFunction(
    (element) => element !== null && / in \d+\.\d+ s$/.test(element.textContent ?? ''),
    await status.elementHandle(),
    { timeout: timeoutMs },
  )
  return { output: (await page.locator('#console .output').textContent()) ?? '', status: (await status.textContent()) ?? '' }
}
