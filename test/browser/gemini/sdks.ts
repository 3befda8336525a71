/**
 * The two majors of `@google/genai` the package supports, for the browser
 * tests that run the broker with each: 3.x as `@google/genai`, 2.32 under the
 * npm alias `google-genai-2`. Each client talks to the strict local server on
 * its own default API version (3.x: v1, 2.x: v1beta).
 */
import { GoogleGenAI as GoogleGenAI3 } from '@google/genai'
import { GoogleGenAI as GoogleGenAI2 } from 'google-genai-2'
import type { GenAIClient } from '../../../src/gemini/index.ts'

export interface Sdk {
  name: string
  /** The API version the client puts in its request paths when none is set. */
  apiVersion: 'v1' | 'v1beta'
  client(options: { apiKey: string; baseUrl: string }): GenAIClient
}

export const SDKS: readonly Sdk[] = [
  { name: '@google/genai 3', apiVersion: 'v1', client: ({ apiKey, baseUrl }) => new GoogleGenAI3({ apiKey, httpOptions: { baseUrl } }) },
  { name: '@google/genai 2.32', apiVersion: 'v1beta', client: ({ apiKey, baseUrl }) => new GoogleGenAI2({ apiKey, httpOptions: { baseUrl } }) },
]
