/**
 * pyodide-code-execution: Gemini's code-execution tool, running Python in the
 * user's browser.
 *
 * The sandbox (`PythonSandbox` and its types) and the Gemini broker
 * (`withLocalCodeExecution` and the layers under it). Apps that use only the
 * sandbox can import `pyodide-code-execution/sandbox`, which needs no
 * `@google/genai`.
 */
export * from './sandbox-api.ts'
export * from './gemini/index.ts'
