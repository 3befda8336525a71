declare module 'vitest' {
  export interface ProvidedContext {
    /** Whether this browser project serves its pages with COOP + COEP. */
    crossOriginIsolated: boolean
  }
}
export {}
