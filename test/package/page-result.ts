/** What the consumer pages leave in `window.consumerResult` once their Python has run (or failed to). */
import type { Page } from 'playwright'

type Reported<T> = T | { error: string }

/** Waits for the page's result; a page that reports an error fails the test with it. */
export async function consumerResult<T>(page: Page): Promise<T> {
  const read = () => (window as unknown as { consumerResult?: unknown }).consumerResult
  await page.waitForFunction(read, undefined, { timeout: 120_000 })
  const result = (await page.evaluate(read)) as Reported<T>
  if (typeof result === 'object' && result !== null && 'error' in result) throw new Error(`the page reported: ${result.error}`)
  return result
}
