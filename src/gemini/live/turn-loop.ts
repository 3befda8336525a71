/**
 * The tool loop over a Live session. The other surfaces ask the model and get
 * its calls back; here the server pushes them, so one model turn of the
 * session is one request of the shared loop (`runToolLoop`): each `toolCall`
 * for the local function is a round, and the turn's end (`turnComplete`,
 * `interrupted`) is the text answer that ends it. The limits, the refusals
 * and the order of calls are the loop's own.
 *
 * The Live API has no `toolConfig` to force a text answer, so past a limit
 * every further call of the turn is answered with the refusal, which tells
 * the model to answer with what it has.
 */
import { runToolLoop, type LoopLimits } from '../loop.ts'
import { AsyncQueue } from '../stream.ts'
import type { RefusalReason, ToolCall, ToolCallResult } from '../calls.ts'

/** What the session's messages mean to the loop: calls to answer, or the end of the model's turn. */
export type LoopEvent = { type: 'calls'; calls: ToolCall[] } | { type: 'turn-end' }

export interface TurnLoopParams {
  limits: LoopLimits
  /** Runs one call; never throws. */
  execute: (call: ToolCall, signal: AbortSignal) => Promise<ToolCallResult>
  refuse: (call: ToolCall, reason: RefusalReason) => ToolCallResult
  /** Sends the answers of one `toolCall` (the cancelled ones already left out). */
  respond: (results: ToolCallResult[]) => void
  /** A failure of the loop itself (not of a run): reported, and the next turn starts afresh. */
  onError: (error: unknown) => void
}

export class TurnLoop {
  private readonly events = new AsyncQueue<LoopEvent>()
  private readonly reader = this.events.drain()
  private readonly stop = new AbortController()
  private readonly running = new Map<string, AbortController>()
  private readonly cancelled = new Set<string>()
  readonly done: Promise<void>

  constructor(private readonly params: TurnLoopParams) {
    this.done = this.drive()
  }

  push(event: LoopEvent): void {
    this.events.push(event)
  }

  /** `toolCallCancellation`: the named runs stop, and their calls are not answered. */
  cancel(ids: readonly string[]): void {
    for (const id of ids) {
      this.cancelled.add(id)
      this.running.get(id)?.abort()
    }
  }

  isCancelled(id: string | undefined): boolean {
    return id !== undefined && this.cancelled.has(id)
  }

  /** The session closed: running code stops, nothing more is answered. */
  close(): void {
    this.stop.abort()
    this.events.close()
  }

  private async next(): Promise<LoopEvent | undefined> {
    const read = await this.reader.next()
    return read.done ? undefined : read.value
  }

  private async drive(): Promise<void> {
    for (;;) {
      const first = await this.next()
      if (!first) return
      if (first.type !== 'calls') continue
      try {
        await this.runTurn(first)
      } catch (error) {
        if (!this.stop.signal.aborted) this.params.onError(error)
      }
    }
  }

  /** One model turn, from its first call to its end. */
  private async runTurn(first: LoopEvent): Promise<void> {
    let pending: LoopEvent | undefined = first
    const outcome = await runToolLoop({
      limits: this.params.limits,
      signal: this.stop.signal,
      generate: async () => {
        const event = pending ?? (await this.next())
        pending = undefined
        return { calls: event?.type === 'calls' ? event.calls : [] }
      },
      execute: (call) => this.execute(call),
      refuse: (call, reason) => this.params.refuse(call, reason),
      submit: (_turn, results) => this.answer(results),
    })
    if (outcome.stoppedBy !== 'round-trip-limit') return
    // The model's turn goes on after the last round allowed: refuse until it ends.
    for (let event = await this.next(); event?.type === 'calls'; event = await this.next()) {
      this.answer(event.calls.map((call) => this.params.refuse(call, 'round-trip-limit')))
    }
  }

  private async execute(call: ToolCall): Promise<ToolCallResult> {
    if (this.isCancelled(call.id)) return this.params.refuse(call, 'cancelled')
    const own = new AbortController()
    if (call.id !== undefined) this.running.set(call.id, own)
    try {
      const result = await this.params.execute(call, AbortSignal.any([this.stop.signal, own.signal]))
      // A run the user talked over did not fail: it is not an attempt to regenerate.
      return own.signal.aborted ? { ...result, failed: false } : result
    } finally {
      if (call.id !== undefined) this.running.delete(call.id)
    }
  }

  private answer(results: ToolCallResult[]): void {
    const answered = results.filter((result) => !this.isCancelled(result.call.id))
    if (answered.length > 0 && !this.stop.signal.aborted) this.params.respond(answered)
  }
}
