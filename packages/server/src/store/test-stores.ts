// Set-up shared by the store's tests: a store over `:memory:` or a file in a temporary directory
// (removed by `removeTempDirs`, called after each test), the dependencies the services take to
// create companies and jobs through it, and a journal entry to append. Used by tests only.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClock } from '../clock.ts'
import { seededIds } from '../ids.ts'
import { defaultFidelity } from '../options.ts'
import { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.ts'
import type { JournalEntry } from './records.ts'
import type { Store } from './types.ts'

/** The manual clock's time in every store test. */
export const t0 = Date.UTC(2026, 3, 1, 9, 0, 0)

/** A store with the default rules (`expired` status, lenient transitions) unless told. */
export function openTestStore(path = ':memory:', extra: Partial<SqliteStoreOptions> = {}): Store {
  return createSqliteStore({
    path,
    expiredStatus: 'expired',
    rules: { strictTransitions: false },
    ...extra,
  })
}

/** What createCompany and createJob take: the store, a manual clock at t0, seeded ids. */
export function storeDeps(store: Store, seed: string) {
  const clock = createClock('manual', () => t0)
  return { store, clock, ids: seededIds(seed), options: defaultFidelity }
}

const dirs: string[] = []

/** A database file in a fresh temporary directory. */
export function tempDatabasePath(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return join(dir, 'state.db')
}

/** Removes the temporary directories made so far (call after each test). */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** A GET journal entry for `path`, at t0 unless told. */
export function journalEntry(
  path: string,
  extra: Partial<Omit<JournalEntry, 'id'>> = {},
): Omit<JournalEntry, 'id'> {
  return {
    at: t0,
    method: 'GET',
    path,
    query: '',
    status: 200,
    companyId: null,
    jobId: null,
    event: null,
    fault: null,
    alias: null,
    durationMs: 1,
    ...extra,
  }
}
