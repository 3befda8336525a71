import { expect, inject, test } from 'vitest'
test('probe', async () => {
  expect(crossOriginIsolated).toBe(inject('crossOriginIsolated'))
  const r = await fetch('/pyodide/pyodide-lock.json'); expect(r.ok).toBe(true)
})
