/**
 * The steps the app sees, in the built-in shape, and (when streaming) their
 * SSE events as they happen.
 *
 * Over several requests the model's steps are renumbered into one sequence.
 * The local tool's `function_call` steps are held back (never shown); in their
 * place the broker adds `code_execution_call` and `code_execution_result`
 * steps as each run starts and ends. `interaction.created` is passed on once,
 * and `interaction.completed` only when the whole call is over.
 */
import type { InteractionSSEEvent, Step } from './wire.ts'

export class StepWriter {
  private readonly shown: Array<Step | undefined> = []
  /** This request's step indices → the app's index, or `held` for a hidden step. */
  private indices = new Map<number, number | 'held'>()
  private createdSent = false

  /**
   * @param hide Whether a model step stays out of the app's view (the local tool's calls).
   * @param sink Where events go when streaming; absent for a whole (unary) answer.
   */
  constructor(
    private readonly hide: (step: Step) => boolean,
    private readonly sink?: (event: InteractionSSEEvent) => void,
  ) {}

  get steps(): Step[] {
    return this.shown.filter((step): step is Step => step !== undefined)
  }

  /** A new request starts: its step indices count from 0 again. */
  beginRequest(): void {
    this.indices = new Map()
  }

  /** The model's whole steps of a unary request. */
  addModelSteps(steps: readonly Step[]): void {
    for (const step of steps) if (!this.hide(step)) this.add(step)
  }

  /** A step the broker adds (code, results): start and stop at once. */
  add(step: Step): void {
    const index = this.shown.length
    this.shown.push(step)
    this.sink?.({ event_type: 'step.start', index, step })
    this.sink?.({ event_type: 'step.stop', index })
  }

  /** One event of a streamed request, with the step it concerns as built so far. */
  event(event: InteractionSSEEvent, step: Step | undefined): void {
    switch (event.event_type) {
      case 'interaction.created':
        if (!this.createdSent) this.sink?.(event)
        this.createdSent = true
        return
      case 'interaction.completed':
        return
      case 'interaction.status_update':
        // Waiting for function results is the broker's business, not the app's.
        if (event.status !== 'requires_action') this.sink?.(event)
        return
      case 'step.start': {
        if (step && this.hide(step)) {
          this.indices.set(event.index, 'held')
          return
        }
        const index = this.shown.length
        this.shown.push(undefined)
        this.indices.set(event.index, index)
        this.sink?.({ ...event, index })
        return
      }
      case 'step.delta':
      case 'step.stop': {
        const index = this.indices.get(event.index)
        if (typeof index !== 'number') return
        if (event.event_type === 'step.stop') this.shown[index] = step
        this.sink?.({ ...event, index })
        return
      }
      default:
        this.sink?.(event)
    }
  }

  /** The last event: the whole call is over. */
  complete(interaction: Record<string, unknown>): void {
    this.sink?.({ event_type: 'interaction.completed', interaction: interaction as never })
  }
}
