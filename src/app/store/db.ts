/**
 * Conversations in IndexedDB (through idb, a thin promise wrapper), below the
 * UI: the store calls these, components never do. The database belongs to
 * the app's origin; the sandbox runs in an opaque origin and cannot open it.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { Conversation } from './conversation.ts'

interface AppDB extends DBSchema {
  conversations: { key: string; value: Conversation; indexes: { updatedAt: number } }
}

export const DB_NAME = 'pyodide-code-execution-app'

let opened: Promise<IDBPDatabase<AppDB>> | undefined

function db(): Promise<IDBPDatabase<AppDB>> {
  opened ??= openDB<AppDB>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore('conversations', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt')
    },
  })
  return opened
}

/** Newest first. */
export async function listConversations(): Promise<Conversation[]> {
  return (await (await db()).getAllFromIndex('conversations', 'updatedAt')).reverse()
}

export async function saveConversation(conversation: Conversation): Promise<void> {
  await (await db()).put('conversations', conversation)
}

export async function deleteConversation(id: string): Promise<void> {
  await (await db()).delete('conversations', id)
}
