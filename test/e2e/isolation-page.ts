/**
 * Drives the console of the built app: puts the app's data where the app
 * keeps it, runs code through the Run button, and reads what the page shows.
 */
import type { Page } from 'playwright'
import { TEST_API_KEY } from '../browser/isolation/app-data.ts'
import { lastCell, PYTHON_READY, runInConsole as runCell } from './app.ts'

/**
 * Runs in the page (serialised by Playwright's `evaluate`, or sent as a WebDriver script): puts the key and
 * proxy where the app keeps them, and the key in a cookie, IndexedDB and Cache Storage, for the corpus to look for.
 */
export async function putAppData({ apiKey, proxy }: { apiKey: string; proxy: string }): Promise<void> {
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
}

export async function storeAppDataInPage(page: Page, apiKey: string, proxy: string): Promise<void> {
  await page.evaluate(putAppData, { apiKey, proxy })
}

/** Opens the app at `appURL`, stores the test's key and `proxy` in it, and waits until Python is ready. */
export async function openAppWithData(page: Page, appURL: string, proxy: string): Promise<void> {
  await page.goto(appURL)
  await storeAppDataInPage(page, TEST_API_KEY, proxy)
  await page.getByText(PYTHON_READY).waitFor({ timeout: 90_000 })
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
