/** The browser's memory as the bench reads it (`window.benchMemory`, set by scripts/bench.mjs). */

/**
 * The browser's memory once it has settled: a start leaves garbage behind (a
 * snapshot read from the cache, a file relayed to a worker) that each process
 * collects in its own time, so this waits, then keeps the lowest of a few samples.
 */
export async function settledMemory(): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < 12; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    samples.push(await window.benchMemory())
  }
  return Math.min(...samples.slice(4))
}
