/**
 * What a streamed `interactions.create` returns: like the SDK's `Stream`, a
 * `ReadableStream` of events that is also async-iterable, so `for await`,
 * `getReader()`, `cancel()` and `pipeThrough()` all work. Leaving the
 * `for await` early, or cancelling, ends the source (and with it the request
 * and any running code).
 */
export type EventStream<T> = ReadableStream<T> & AsyncIterable<T>

export function toEventStream<T>(source: AsyncGenerator<T>): EventStream<T> {
  const stream = new ReadableStream<T>(
    {
      async pull(controller) {
        const next = await source.next()
        if (next.done) controller.close()
        else controller.enqueue(next.value)
      },
      async cancel() {
        await source.return(undefined)
      },
    },
    // Nothing is read ahead: each event is pulled when the consumer asks for it.
    { highWaterMark: 0 },
  )
  Object.defineProperty(stream, Symbol.asyncIterator, {
    value: async function* iterate(): AsyncGenerator<T> {
      const reader = stream.getReader()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return
          yield value
        }
      } finally {
        await reader.cancel()
        reader.releaseLock()
      }
    },
  })
  return stream as EventStream<T>
}
