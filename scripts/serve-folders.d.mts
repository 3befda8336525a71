import type { Plugin } from 'vite'

/**
 * A Vite plugin (dev and preview servers) serving each `[urlPath, folder]` pair's files under its path.
 * `immutable`: send long-lived cache headers (locks excepted). Default: `false`.
 * `pace`: send each file but the locks `bytes` at a time, `pauseMs` apart, like a slow network. Default: at once.
 */
export function serveFolders(
  name: string,
  folders: readonly (readonly [string, string])[],
  options?: { immutable?: boolean; pace?: { bytes: number; pauseMs: number } },
): Plugin
