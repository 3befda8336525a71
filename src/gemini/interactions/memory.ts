/**
 * What one wrapped client remembers between `interactions.create` calls, so
 * that a conversation continues exactly where the last call left it:
 *
 * - the wire steps behind each `code_execution_call` / `code_execution_result`
 *   it returned, so a stateless history (`store: false`) resends the calls
 *   and results byte for byte as the API saw them;
 * - answers not yet delivered (the round-trip cap or an abort ended the call
 *   after the results were ready), sent first by the next call that continues
 *   that interaction;
 * - the attachments of each stored conversation, so a follow-up's new files
 *   are numbered after the earlier ones (`input_3.png` …), not over them.
 *
 * Bounded: the oldest entries are dropped past `limit` (a dropped call is
 * rebuilt from the built-in step, which loses only image content).
 */
import type { Attachment } from '../attachments.ts'
import type { FunctionCallStep, FunctionResultStep } from './wire.ts'

class BoundedMap<V> {
  private readonly entries = new Map<string, V>()
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key)
  }

  set(key: string, value: V): void {
    this.entries.delete(key)
    this.entries.set(key, value)
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!)
  }

  delete(key: string): void {
    this.entries.delete(key)
  }
}

export class ConversationMemory {
  private readonly calls: BoundedMap<{ call: FunctionCallStep; result: FunctionResultStep }>
  private readonly pending: BoundedMap<FunctionResultStep[]>
  private readonly attachments: BoundedMap<Attachment[]>

  constructor(limit = 1000) {
    this.calls = new BoundedMap(limit)
    this.pending = new BoundedMap(limit)
    this.attachments = new BoundedMap(limit)
  }

  rememberCall(call: FunctionCallStep, result: FunctionResultStep): void {
    this.calls.set(call.id, { call, result })
  }

  callFor(id: string): { call: FunctionCallStep; result: FunctionResultStep } | undefined {
    return this.calls.get(id)
  }

  /** Answers to the calls `interactionId` left open, still to be sent. */
  setPending(interactionId: string, results: FunctionResultStep[]): void {
    this.pending.set(interactionId, results)
  }

  /** Kept until a request that carries them succeeds (`clearPending`), so a failed attempt loses nothing. */
  pendingFor(interactionId: string): FunctionResultStep[] {
    return this.pending.get(interactionId) ?? []
  }

  clearPending(interactionId: string): void {
    this.pending.delete(interactionId)
  }

  setAttachments(interactionId: string, attachments: Attachment[]): void {
    if (attachments.length > 0) this.attachments.set(interactionId, attachments)
  }

  attachmentsOf(interactionId: string | undefined): Attachment[] {
    return interactionId === undefined ? [] : (this.attachments.get(interactionId) ?? [])
  }
}
