// What every part of the SQLite store shares: the connection, and the count of changes made
// through it. The count (with the file's PRAGMA data_version for other connections' commits) is
// how the store's `version()` and its remembered answers (decision 0023) notice a change.
import type Database from 'better-sqlite3'

export type StoreContext = {
  readonly db: Database.Database
  /** Counts one change made through this connection and hands `value` back. */
  changed<T>(value: T): T
  /** Changes made through this connection so far. */
  mutations(): number
  /** The file's PRAGMA data_version: moves when another connection commits (never in memory). */
  dataVersion(): number
}

export function createStoreContext(db: Database.Database): StoreContext {
  // An in-memory database has no other connection, so its data_version never moves: not asked.
  const dataVersion = db.memory ? undefined : db.prepare('PRAGMA data_version').pluck()
  let mutations = 0
  return {
    db,
    changed: (value) => {
      mutations++
      return value
    },
    mutations: () => mutations,
    dataVersion: () => (dataVersion ? (dataVersion.get() as number) : 0),
  }
}
