/** A minimal typed event emitter: `on` returns the function that unsubscribes. */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>()

  on<K extends keyof Events>(type: K, listener: (value: Events[K]) => void): () => void {
    let set = this.listeners.get(type)
    if (!set) this.listeners.set(type, (set = new Set()))
    set.add(listener as (value: never) => void)
    return () => set.delete(listener as (value: never) => void)
  }

  emit<K extends keyof Events>(type: K, value: Events[K]): void {
    for (const listener of this.listeners.get(type) ?? []) {
      try {
        ;(listener as (value: Events[K]) => void)(value)
      } catch (error) {
        // A broken listener must not break the sandbox; the page still hears of it.
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}
