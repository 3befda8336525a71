/**
 * Stores data where the app keeps it, so the escape corpus tries to read
 * real data: the chat's API key in localStorage (see src/app/chat/settings.ts),
 * a cookie, an IndexedDB database and a Cache Storage entry.
 */
export const TEST_API_KEY = 'AIzaTEST-isolation-key-7f3c9b1e5d'

export async function storeAppData(): Promise<void> {
  localStorage.setItem('gemini-chat.api-key', TEST_API_KEY)
  document.cookie = `session=${TEST_API_KEY}; path=/; SameSite=Strict`
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.open('pyodide-code-execution-test', 1)
    request.onupgradeneeded = () => request.result.createObjectStore('secrets')
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      const db = request.result
      const tx = db.transaction('secrets', 'readwrite')
      tx.objectStore('secrets').put(TEST_API_KEY, 'apiKey')
      tx.oncomplete = () => (db.close(), resolve())
      tx.onerror = () => reject(tx.error)
    }
  })
  const cache = await caches.open('app-cache')
  await cache.put('/app-data.json', new Response(JSON.stringify({ apiKey: TEST_API_KEY })))
}
