/**
 * The recorded demo conversations. Each holds the user's message (with its
 * attachments) and the model's turns exactly as Gemini sends them on the wire
 * (function calls with thought signatures, then the answer). The code in them
 * runs live in the local sandbox when a demo is replayed; only the model's
 * words come from the recording.
 */
import chart from '../demos/chart.json'
import csvAnalysis from '../demos/csv-analysis.json'
import sympyDerivation from '../demos/sympy-derivation.json'
import zoomImage from '../demos/zoom-image.json'
import type { Part } from '@google/genai'

export interface Recording {
  id: string
  title: string
  summary: string
  /** Libraries beyond the standard library and the small PyPI wheels: these need the full mirror (`npm run vendor`) offline. */
  needs: string[]
  message: { text: string; attachments?: Array<{ name: string; mimeType: string; data: string }> }
  /** The model's turns, one per request the broker makes. */
  turns: Array<{ parts: Part[] }>
}

export const RECORDINGS: readonly Recording[] = [csvAnalysis, chart, zoomImage, sympyDerivation] as Recording[]

export function findRecording(id: string): Recording | undefined {
  return RECORDINGS.find((recording) => recording.id === id)
}
