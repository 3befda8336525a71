/**
 * The chat's settings, kept in this browser's localStorage only: the API key
 * never leaves the main thread except in requests to the Gemini API (or the
 * base URL the user chose), and never reaches the sandbox worker.
 */

export type ChatApi = 'generateContent' | 'interactions'

export interface ChatSettings {
  apiKey: string
  /** Empty: Google's endpoint. Otherwise a proxy or a local test server. */
  baseUrl: string
  model: string
  /** Deadline of each run of the model's code, in seconds. Default 30. */
  timeLimitSeconds: number
  /** Which Gemini API new chats use. Default `generateContent`. */
  api: ChatApi
}

/** Current Gemini 3 Flash models first; any model name can be typed in. */
export const SUGGESTED_MODELS = ['gemini-3.5-flash', 'gemini-3.6-flash', 'gemini-3-flash-preview', 'gemini-3.1-pro-preview', 'gemini-2.5-flash'] as const
export const DEFAULT_MODEL = SUGGESTED_MODELS[0]
export const DEFAULT_TIME_LIMIT_SECONDS = 30
/** Where a user gets a key: shown next to every place that asks for one. */
export const API_KEY_HELP_URL = 'https://aistudio.google.com/apikey'

const KEYS = {
  apiKey: 'gemini-chat.api-key',
  baseUrl: 'gemini-chat.base-url',
  model: 'gemini-chat.model',
  timeLimitSeconds: 'gemini-chat.time-limit-seconds',
  api: 'gemini-chat.api',
} as const

function clampTimeLimit(value: number): number {
  return Number.isFinite(value) ? Math.min(300, Math.max(1, Math.round(value))) : DEFAULT_TIME_LIMIT_SECONDS
}

export function loadSettings(storage: Storage, defaultModel: string = DEFAULT_MODEL): ChatSettings {
  const seconds = storage.getItem(KEYS.timeLimitSeconds)
  return {
    apiKey: storage.getItem(KEYS.apiKey) ?? '',
    baseUrl: storage.getItem(KEYS.baseUrl) ?? '',
    model: storage.getItem(KEYS.model) || defaultModel,
    timeLimitSeconds: seconds === null ? DEFAULT_TIME_LIMIT_SECONDS : clampTimeLimit(Number(seconds)),
    api: storage.getItem(KEYS.api) === 'interactions' ? 'interactions' : 'generateContent',
  }
}

export function saveSettings(storage: Storage, settings: ChatSettings): void {
  const values: Record<keyof ChatSettings, string> = {
    apiKey: settings.apiKey.trim(),
    baseUrl: settings.baseUrl.trim(),
    model: settings.model.trim(),
    timeLimitSeconds: String(clampTimeLimit(settings.timeLimitSeconds)),
    api: settings.api,
  }
  for (const [field, key] of Object.entries(KEYS) as Array<[keyof ChatSettings, string]>) {
    if (values[field]) storage.setItem(key, values[field])
    else storage.removeItem(key)
  }
}

/**
 * Accepts `https://host/path` (http for localhost only), or empty: exactly
 * the proxies the page's policy can name (scripts/page-policy.ts), so one
 * that passes here is one the page may connect to. Returns an error message,
 * or undefined.
 */
export function checkBaseUrl(value: string): string | undefined {
  if (value.trim() === '') return undefined
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return 'Not a URL.'
  }
  // A Content Security Policy has no syntax for an IPv6 address: the page could never reach it.
  if (url.hostname.startsWith('[')) return 'Use a host name (localhost for this machine): the page’s security policy cannot name an IPv6 address.'
  const local = ['localhost', '127.0.0.1'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return 'Use https:// (http:// only for localhost): the API key is sent to this address.'
  return undefined
}
