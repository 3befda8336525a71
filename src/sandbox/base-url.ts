/**
 * The app's base URL, where the sandbox's files are served by default:
 * Vite's `base` in a Vite app, else the site's root (another bundler or a
 * plain page has no `import.meta.env`).
 */
export function appBaseURL(): string {
  const base = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/'
  return new URL(base, location.href).href
}
