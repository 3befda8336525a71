/**
 * A fence around one piece of the page: if what is inside throws while it
 * renders (or in an effect), a note takes its place and everything outside
 * keeps working. Data the app did not write itself (an imported or older
 * stored conversation, a model's answer) must never take the page down.
 */
import { Component, type ComponentChildren } from 'preact'

interface Props {
  /** What is shown inside, for the note: "This part of the message". */
  what: string
  children: ComponentChildren
}

interface State {
  error?: string
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = {}

  static override getDerivedStateFromError(error: unknown): State {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    return { error: text.length > 200 ? `${text.slice(0, 200)}…` : text }
  }

  override componentDidCatch(error: unknown): void {
    console.warn(`${this.props.what} could not be shown:`, error)
  }

  override render() {
    if (this.state.error === undefined) return this.props.children
    return (
      <p class="note part-error" role="note">
        {this.props.what} could not be shown ({this.state.error}).
      </p>
    )
  }
}
