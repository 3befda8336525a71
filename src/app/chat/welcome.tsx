/** What the chat shows before a conversation is chosen: how to start, with a key or with a demo. */
import * as store from '../store/app-store.ts'
import { RECORDINGS } from './recordings.ts'
import * as session from './session.ts'
import { API_KEY_HELP_URL } from './settings.ts'

export function Welcome({ onOpenSettings }: { onOpenSettings: () => void }) {
  const hasKey = store.settings.value.apiKey !== ''
  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h2 id="welcome-title">Ask Gemini; the Python runs on your device</h2>
      <p>
        When Gemini writes code to answer, it runs here, in a sandbox in this tab. Your files are read on this device, and the code cannot reach the
        network or this page's storage.
      </p>
      {hasKey ? (
        <p>Type a question below, or attach a CSV, a text file, a PDF or an image.</p>
      ) : (
        <div class="callout">
          <p>
            <strong>To chat you need a Gemini API key.</strong>{' '}
            <a href={API_KEY_HELP_URL} target="_blank" rel="noopener noreferrer">
              Get one free at Google AI Studio
            </a>
            , then add it here. It stays in this browser.
          </p>
          <button type="button" class="primary" onClick={onOpenSettings}>
            Add API key
          </button>
        </div>
      )}
      <h3>Or watch a recorded demo: no key and no network needed</h3>
      <p class="muted">The model's words are replayed from a recording; the code runs live, here.</p>
      <ul class="demo-cards">
        {RECORDINGS.map((recording) => (
          <li key={recording.id} class="demo-card">
            <h4>{recording.title}</h4>
            <p>{recording.summary}</p>
            {recording.needs.length > 0 && <p class="note">Needs {recording.needs.join(', ')}: served offline only from the full library mirror (npm run vendor).</p>}
            <button type="button" disabled={store.pending.value !== undefined} onClick={() => void session.startReplay(recording.id)}>
              Replay “{recording.title}”
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
