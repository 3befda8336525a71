/** Seconds since a moment, ticking ten times a second while shown. */
import { useEffect, useState } from 'preact/hooks'

export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 100)
    return () => clearInterval(timer)
  }, [since])
  return <span class="elapsed">{(Math.max(0, now - since) / 1000).toFixed(1)} s</span>
}
