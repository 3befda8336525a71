/**
 * The stored list arrives late (IndexedDB can take seconds to open on a busy
 * device); whatever the user did before it arrived stays. The database is a
 * fake whose list resolves only when the test says so.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest'
import type { Conversation } from '../../../src/app/store/conversation.ts'

const database = vi.hoisted(() => {
  let release: (() => void) | undefined
  return {
    /** What the database held when the page opened. */
    storedAtStart: [] as unknown[],
    /** Lets the pending list arrive. */
    arrive: () => release?.(),
    list: () => new Promise<unknown[]>((resolve) => (release = () => resolve(database.storedAtStart))),
  }
})

vi.mock('../../../src/app/store/db.ts', () => ({
  listConversations: () => database.list(),
  saveConversation: async () => {},
  deleteConversation: async () => {},
}))

function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  }
}

vi.stubGlobal('localStorage', memoryStorage())
vi.stubGlobal('location', { hash: '' })
vi.stubGlobal('history', { replaceState() {} })

const store = await import('../../../src/app/store/app-store.ts')
const { newConversation } = await import('../../../src/app/store/conversation.ts')

const stored = (title: string, updatedAt: number): Conversation => ({ ...newConversation({ model: 'm', title }), updatedAt })

beforeEach(() => {
  store.conversations.value = []
  store.loaded.value = false
})

describe('a conversation started before the stored list has loaded', () => {
  test('is kept when the list arrives, above the stored ones', async () => {
    database.storedAtStart = [stored('Older', 2), stored('Oldest', 1)]
    const loading = store.loadConversations()
    const started = newConversation({ model: 'm', title: 'Asked at once' })
    await store.putConversation(started)
    database.arrive()
    await loading
    expect(store.conversations.value.map((conversation) => conversation.title)).toEqual(['Asked at once', 'Older', 'Oldest'])
    expect(store.loaded.value).toBe(true)
  })

  test('is not listed twice when the database already holds it', async () => {
    const started = newConversation({ model: 'm', title: 'Saved before the list was read' })
    database.storedAtStart = [started, stored('Older', 2)]
    const loading = store.loadConversations()
    await store.putConversation({ ...started, title: 'Renamed since' })
    database.arrive()
    await loading
    expect(store.conversations.value.map((conversation) => conversation.title)).toEqual(['Renamed since', 'Older'])
  })

  test('deleted before the list arrives stays deleted, even if the list still holds it', async () => {
    const started = newConversation({ model: 'm', title: 'Deleted at once' })
    database.storedAtStart = [started, stored('Older', 2)]
    const loading = store.loadConversations()
    await store.putConversation(started)
    await store.removeConversation(started.id)
    database.arrive()
    await loading
    expect(store.conversations.value.map((conversation) => conversation.title)).toEqual(['Older'])
  })
})

test('with nothing done before it arrives, the list is the stored one, newest first', async () => {
  database.storedAtStart = [stored('Newer', 2), stored('Older', 1)]
  const loading = store.loadConversations()
  database.arrive()
  await loading
  expect(store.conversations.value.map((conversation) => conversation.title)).toEqual(['Newer', 'Older'])
})
