// The whole state at once: snapshots (every row of every state table, journal included, as
// objects) and their restore, and the reset baseline (baseline.ts) that POST /_sim/reset returns
// to. Every restore is one transaction, copies rows by column name, and tells the rest of the
// store that anything it remembered (API keys) may have changed.
import { createBaseline } from './baseline.ts'
import type { Snapshot } from './records.ts'
import { stateTables } from './schema.ts'
import type { StoreContext } from './store-context.ts'

export type StateSnapshots = {
  snapshot(): Snapshot
  restore(snapshot: Snapshot): void
  saveBaseline(): void
  restoreBaseline(): boolean
}

/** `beforeRead` writes what is buffered (the journal); `restored` runs before each restore. */
export function createStateSnapshots(
  ctx: StoreContext,
  hooks: { beforeRead: () => void; restored: () => void },
): StateSnapshots {
  const { db, changed } = ctx
  const baseline = createBaseline(db)
  const restore = db.transaction((snapshot: Snapshot) => {
    for (const table of [...stateTables].reverse()) db.prepare(`DELETE FROM ${table}`).run()
    for (const table of stateTables) {
      for (const row of snapshot[table] ?? []) {
        const columns = Object.keys(row)
        db.prepare(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
        ).run(row)
      }
    }
  })
  const restoreBaseline = db.transaction(() => baseline.restore())

  return {
    snapshot: () => {
      hooks.beforeRead()
      return Object.fromEntries(
        stateTables.map((table) => [
          table,
          db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[],
        ]),
      )
    },
    restore: (snapshot) => {
      hooks.beforeRead()
      hooks.restored()
      return changed(restore.immediate(snapshot))
    },
    saveBaseline: () => baseline.save(),
    restoreBaseline: () => {
      hooks.restored()
      return changed(restoreBaseline.immediate())
    },
  }
}
