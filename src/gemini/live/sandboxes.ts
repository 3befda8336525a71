/**
 * Which sandbox a Live session runs its code in, and when it is shut down.
 *
 * A session gets its own sandbox (its Python state is the conversation's),
 * unless the app gave the wrapper one `sandbox` for everything. The sandbox
 * is remembered under every resumption handle the server issues, so a new
 * `connect` with `sessionResumption.handle` (after `goAway`, a dropped
 * connection) finds its variables where the old connection left them.
 */
import type { CodeExecutor } from '../../executor.ts'
import type { ManagedExecutor } from '../default-sandbox.ts'

/** What happens to a session's own sandbox when the session closes. */
export type SandboxOnClose = 'auto' | 'keep' | 'dispose'

export interface LiveSandbox {
  get(): Promise<CodeExecutor>
  /** The session resumes under `handle` from now on. */
  remember(handle: string): void
  /** The session closed; `byApp` when the app called `session.close()`. */
  closed(policy: SandboxOnClose, byApp: boolean): void
}

export interface LiveSandboxesParams {
  /** The wrapper's shared executor: used by every session, never disposed here. */
  shared?: CodeExecutor
  create: () => Promise<ManagedExecutor>
}

/**
 * `'auto'` disposes when the app ends the session with `close()` and keeps
 * the sandbox when the connection ends otherwise (the server's `goAway`, the
 * network), when resuming is what comes next.
 */
export function disposesOnClose(policy: SandboxOnClose, byApp: boolean): boolean {
  return policy === 'dispose' || (policy === 'auto' && byApp)
}

export class LiveSandboxes {
  private readonly byHandle = new Map<string, Entry>()
  constructor(private readonly params: LiveSandboxesParams) {}

  /** The sandbox of the session `handle` resumes, or a new one. */
  acquire(handle: string | undefined): LiveSandbox {
    const shared = this.params.shared
    if (shared) return { get: () => Promise.resolve(shared), remember: () => undefined, closed: () => undefined }
    const entry = (handle !== undefined ? this.byHandle.get(handle) : undefined) ?? new Entry(this.params.create)
    return {
      get: () => entry.get(),
      remember: (next) => {
        entry.handles.add(next)
        this.byHandle.set(next, entry)
      },
      closed: (policy, byApp) => {
        if (!disposesOnClose(policy, byApp)) return
        for (const known of entry.handles) this.byHandle.delete(known)
        entry.dispose()
      },
    }
  }
}

class Entry {
  readonly handles = new Set<string>()
  private executor: Promise<ManagedExecutor> | undefined
  constructor(private readonly create: () => Promise<ManagedExecutor>) {}

  get(): Promise<ManagedExecutor> {
    this.executor ??= this.create()
    // A sandbox that failed to start is tried again on the next run.
    this.executor.catch(() => (this.executor = undefined))
    return this.executor
  }

  dispose(): void {
    void this.executor?.then((executor) => executor.dispose?.(), () => undefined)
    this.executor = undefined
  }
}
