// The seeds sample through the packed broker: the app's own GoogleGenAI, wrapped, and Python in the default sandbox.
import { GoogleGenAI } from '@google/genai'
import { withLocalCodeExecution } from 'pyodide-code-execution'

declare global {
  interface Window {
    consumerResult?: { codeExecutionResult: string | undefined; answer: string; finishReason: string | undefined } | { error: string }
  }
}

async function main() {
  const apiKey = new URLSearchParams(location.search).get('key') ?? ''
  const ai = withLocalCodeExecution(new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `${location.origin}/gemini-api` } }))
  const response = await ai.models.generateContent({
    model: 'gemini-3-flash-preview',
    contents: 'What is the sum of the first 50 prime numbers? Generate and run code for the calculation, and make sure you get all 50.',
    config: { tools: [{ codeExecution: {} }] },
  })
  const parts = response.candidates?.[0]?.content?.parts ?? []
  const answer = parts.filter((part) => part.text !== undefined && !part.thought).at(-1)?.text ?? ''
  window.consumerResult = { codeExecutionResult: response.codeExecutionResult, answer, finishReason: response.candidates?.[0]?.finishReason }
}

main().catch((error: unknown) => {
  window.consumerResult = { error: String(error) }
})
