/**
 * What the next run is told about what earlier runs left behind: the errors
 * their callbacks raised, the output they printed and the interrupts that
 * stopped them, all while no run was in progress. Pure, so the wording is
 * unit-tested.
 */

/** A timer that raises every millisecond between two runs must not flood the next one with notes. */
export const MAX_LEFT_BEHIND_NOTES = 3

export const STOPPED_NOTE =
  'Code an earlier run left running (a timer, promise, asyncio task or event listener callback) kept Python busy when this run came, ' +
  'so it was stopped with KeyboardInterrupt; the variables were kept. Await background work before a run ends, or cancel it.'

/** The note for an error a left-behind callback raised between runs. */
export function leftBehindErrorNote(text: string): string {
  // The stop the page asks for when a run waits arrives as KeyboardInterrupt; its traceback would only be noise.
  if (isKeyboardInterrupt(text)) return STOPPED_NOTE
  return `A callback left behind by an earlier run raised: ${text}`
}

/** Output printed while no run was in progress is not kept: it belongs to no run, and must not pass for this one's. */
export function strayOutputNote(bytes: number): string {
  return (
    `Code an earlier run left running printed ${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'} between runs; ` +
    'output printed while no run is in progress is dropped. ' +
    'To see what background work prints, await it before the run ends.'
  )
}

/** A collector of notes, at most `MAX_LEFT_BEHIND_NOTES` of them, the same note once. */
export class LeftBehindNotes {
  private notes: string[] = []
  private strayBytes = -1 // -1: nothing printed (an empty write still says something ran)

  error(text: string): void {
    const note = leftBehindErrorNote(text)
    if (this.notes.length < MAX_LEFT_BEHIND_NOTES && !this.notes.includes(note)) this.notes.push(note)
  }

  /** Counts output written between runs; returns how many bytes were consumed (all of them). */
  output(bytes: Uint8Array): number {
    this.strayBytes = Math.max(0, this.strayBytes) + bytes.length
    return bytes.length
  }

  /** The notes so far, for the run that starts now; starts afresh. */
  take(): string[] {
    const taken = this.notes
    if (this.strayBytes >= 0) taken.push(strayOutputNote(this.strayBytes))
    this.notes = []
    this.strayBytes = -1
    return taken
  }
}

function isKeyboardInterrupt(text: string): boolean {
  const lastLine = text.trimEnd().split('\n').pop() ?? ''
  return /^KeyboardInterrupt\b/.test(lastLine)
}
