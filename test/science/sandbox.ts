/**
 * The sandboxes of the science tests: the default isolated frame host, with
 * room to start on a loaded shared machine. What these tests prove is the
 * libraries, not start-up time (`npm run bench` measures that), and a frame
 * that starts after the default 30 s would fail them for the wrong reason.
 */
import { createFrameHostFactory, PythonSandbox, type SandboxOptions } from '../../src/sandbox/index.ts'

const START_TIMEOUT_MS = 120_000

export function scienceSandbox(options: SandboxOptions = {}): PythonSandbox {
  return new PythonSandbox({ createHost: createFrameHostFactory({ startTimeoutMs: START_TIMEOUT_MS }), ...options })
}
