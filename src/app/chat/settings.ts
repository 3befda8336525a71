/**
 * The chat's settings, kept in this browser's localStorage only: the API key
 * never leaves the main thread except in requests to the Gemini API (or the
 * base URL the user chose), and never reaches the sandbox worker.
 */

export interface ChatSettings {
  apiKey: string
  /** Empty: Google's endpoint. Otherwise a proxy or a local test server. */
  baseUrl: string
  model: string
}

/** Current Gemini 3 Flash models first; any model name can be typed in. */
export const SUGGESTED_MODELS = ['gemini-3.5-flash', 'gemini-3.6-flash', 'gemini-3-flash-preview', 'gemini-3.1-pro-preview', 'gemini-2.5-flash'] as const
export const DEFAULT_MODEL = SUGGESTED_MODELS[0]

const KEYS = { apiKey: 'gemini-chat.api-key', baseUrl: 'gemini-chat.base-url', model: 'gemini-chat.model' } as const

export function loadSettings(storage: Storage, defaultModel: string = DEFAULT_MODEL): ChatSettings {
  return {
    apiKey: storage.getItem(KEYS.apiKey) ?? '',
    baseUrl: storage.getItem(KEYS.baseUrl) ?? '',
    model: storage.getItem(KEYS.model) || defaultModel,
  }
}

export function saveSettings(storage: Storage, settings: ChatSettings): void {
  for (const [field, key] of Object.entries(KEYS) as Array<[keyof ChatSettings, string]>) {
    const value = settings[field].trim()
    if (value) storage.setItem(key, value)
    else storage.removeItem(key)
  }
}

/** Accepts `https://host/path` (http for localhost only), or empty. Returns an error message, or undefined. */
export function checkBaseUrl(value: string): string | undefined {
  if (value.trim() === '') return undefined
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return 'Not a URL.'
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return 'Use https:// (http:// only for localhost): the API key is sent to this address.'
  return undefined
}
