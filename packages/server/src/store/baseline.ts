// The reset baseline: a copy of the state tables (everything but the request journal) kept in an
// in-memory database attached to the store's connection, so POST /_sim/reset can bring the world
// back with a few `INSERT … SELECT`s. SQLite holds it in its own compact pages (no JS objects),
// the journal — the part that grows on a long run — is never copied, and a reset is one
// transaction of C-level copies.
import type Database from 'better-sqlite3'
import { stateTables } from './schema.ts'

/** The tables the baseline keeps: the state, not the history of requests. */
export const baselineTables = stateTables.filter((table) => table !== 'journal')

const schemaName = 'fake_pleo_baseline'

export type Baseline = {
  /** Copies the current state into the baseline (replacing any earlier one). */
  save(): void
  /** Replaces the state with the baseline; false if none was saved. Call inside a transaction. */
  restore(): boolean
}

export function createBaseline(db: Database.Database): Baseline {
  let attached = false
  let saved = false
  const attach = () => {
    if (attached) return
    db.prepare(`ATTACH DATABASE ':memory:' AS ${schemaName}`).run()
    attached = true
  }
  const columnNames = db.prepare('SELECT name FROM main.pragma_table_info(?)').pluck()
  /** The table's columns by name, so the copy never depends on column order. */
  const columnsOf = (table: string) => (columnNames.all(table) as string[]).join(', ')
  const save = db.transaction(() => {
    for (const table of baselineTables) {
      db.exec(`DROP TABLE IF EXISTS ${schemaName}.${table}`)
      db.exec(`CREATE TABLE ${schemaName}.${table} AS SELECT * FROM main.${table}`)
    }
  })
  return {
    save() {
      attach()
      save.immediate()
      saved = true
    },
    restore() {
      if (!saved) return false
      for (const table of [...baselineTables].reverse()) db.exec(`DELETE FROM main.${table}`)
      for (const table of baselineTables) {
        const columns = columnsOf(table)
        db.exec(
          `INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM ${schemaName}.${table}`,
        )
      }
      return true
    },
  }
}
