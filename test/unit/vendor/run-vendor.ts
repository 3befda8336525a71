import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../../scripts/vendor.mjs', import.meta.url))

export interface VendorRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs scripts/vendor.mjs as a child process, as `npm run vendor` would. Async, so a stand-in server in this process keeps answering. */
export function runVendor(args: string[]): Promise<VendorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
