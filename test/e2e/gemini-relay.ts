/**
 * The page's requests to the repo's Gemini test server, relayed by
 * Playwright: the server sends no CORS headers, so the relay adds them.
 */
import type { BrowserContext } from 'playwright'

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' }

export async function relayGemini(context: BrowserContext, baseUrl: string): Promise<void> {
  await context.route(`${baseUrl}/**`, async (route) => {
    const request = route.request()
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS })
    const headers = Object.fromEntries(Object.entries(request.headers()).filter(([name]) => name.startsWith('x-goog') || name === 'content-type'))
    const response = await fetch(request.url(), { method: request.method(), headers, body: request.postData() ?? undefined })
    await route.fulfill({ status: response.status, headers: { ...Object.fromEntries(response.headers), ...CORS }, body: Buffer.from(await response.arrayBuffer()) })
  })
}
