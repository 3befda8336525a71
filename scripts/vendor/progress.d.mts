/** Types for progress.mjs, for TypeScript callers (the package's command line). */
import type { VendorReporter } from './run.d.mts'

export function createReporter(options?: { stream?: NodeJS.WritableStream; tty?: boolean }): VendorReporter
