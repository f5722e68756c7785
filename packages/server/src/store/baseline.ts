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
  /** The restore's statements, prepared on the first restore (the baseline exists by then) and
   * kept: a reset (the property tests make thousands) then compiles no SQL. */
  let restoreSteps: Database.Statement[] | undefined
  const prepareRestore = () => [
    ...[...baselineTables].reverse().map((table) => db.prepare(`DELETE FROM main.${table}`)),
    ...baselineTables.map((table) => {
      const columns = columnsOf(table)
      return db.prepare(
        `INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM ${schemaName}.${table}`,
      )
    }),
  ]
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
      restoreSteps = undefined // the copies were made again: prepared anew on the next restore
    },
    restore() {
      if (!saved) return false
      restoreSteps ??= prepareRestore()
      for (const step of restoreSteps) step.run()
      return true
    },
  }
}
