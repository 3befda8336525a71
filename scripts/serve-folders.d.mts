import type { Plugin } from 'vite'

/**
 * A Vite plugin (dev and preview servers) serving each `[urlPath, folder]` pair's files under its path.
 * `immutable`: send long-lived cache headers (locks excepted). Default: `false`.
 */
export function serveFolders(name: string, folders: readonly (readonly [string, string])[], options?: { immutable?: boolean }): Plugin
