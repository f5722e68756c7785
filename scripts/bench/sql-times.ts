// `pnpm bench --sql [--jobs N]`: the time of every SQL statement during the in-process race (16
// workers, 8 on webhooks, N jobs; 1,000 by default). better-sqlite3's `prepare` is wrapped before
// the server is loaded, so each statement's `run`, `get` and `all` are timed and summed, with its
// query plan read at its 50th call. On a machine whose wall and CPU times move by a quarter between
// runs of one commit, these sums (the same calls in the same order, as the race is seeded) are the
// steadiest measure of a change to the store; compare two commits back to back.
import { createRequire } from 'node:module'
import { scenario } from '@fake-pleo/race'

type Statement = { run: Timed; get: Timed; all: Timed }
type Timed = (...args: unknown[]) => unknown
type Prepare = (this: Database, sql: string) => Statement
type Database = { prepare: Prepare }

export type StatementTime = {
  sql: string
  calls: number
  totalMs: number
  microsPerCall: number
  plan: string | undefined
}

export type SqlTimes = {
  jobs: number
  claims: number
  wallMs: number
  totalMs: number
  statements: StatementTime[]
}

/** Wraps better-sqlite3's `prepare` (the server's copy) until `restore()`; sums per statement. */
function instrument() {
  const require = createRequire(import.meta.resolve('@fake-pleo/server'))
  const Database = require('better-sqlite3') as { prototype: Database }
  const original = Database.prototype.prepare
  const stats = new Map<string, { calls: number; nanos: bigint; plan?: string }>()
  Database.prototype.prepare = function prepare(this: Database, sql: string) {
    const statement = original.call(this, sql)
    const key = sql.replace(/\s+/g, ' ').trim()
    const entry = stats.get(key) ?? { calls: 0, nanos: 0n }
    stats.set(key, entry)
    for (const method of ['run', 'get', 'all'] as const) {
      const call = statement[method]
      statement[method] = function timed(this: unknown, ...args: unknown[]) {
        const start = process.hrtime.bigint()
        try {
          return call.apply(this, args)
        } finally {
          entry.nanos += process.hrtime.bigint() - start
          entry.calls += 1
          if (entry.calls === 50 && !key.startsWith('PRAGMA')) entry.plan = planOf(this, sql, args)
        }
      }
    }
    return statement
  }
  const planOf = (statement: unknown, sql: string, args: unknown[]) => {
    try {
      const db = (statement as { database: Database }).database
      const rows = original.call(db, `EXPLAIN QUERY PLAN ${sql}`).all(...args) as {
        detail: string
      }[]
      return rows.map((row) => row.detail).join(' | ')
    } catch {
      return undefined
    }
  }
  return { stats, restore: () => void (Database.prototype.prepare = original) }
}

export async function runSqlTimes(jobs = 1000): Promise<SqlTimes> {
  const { stats, restore } = instrument()
  try {
    const { runRace } = await import('@fake-pleo/race')
    const race = scenario(1, {
      workers: 16,
      webhookWorkers: 8,
      jobs,
      items: [1, 3],
      arrival: { batch: 50, everySeconds: 1 },
      itemSeconds: 0,
      expiresIn: 3600,
      unsafe: false,
      zombies: 0,
    })
    const started = performance.now()
    const result = await runRace(race)
    const wallMs = performance.now() - started
    const statements = [...stats]
      .filter(([, entry]) => entry.calls > 0)
      .map(([sql, entry]) => {
        const totalMs = Number(entry.nanos) / 1e6
        return {
          sql,
          calls: entry.calls,
          totalMs,
          microsPerCall: (totalMs * 1000) / entry.calls,
          plan: entry.plan,
        }
      })
      .sort((a, b) => b.totalMs - a.totalMs)
    const totalMs = statements.reduce((sum, s) => sum + s.totalMs, 0)
    return { jobs, claims: result.summary.claimsWon, wallMs, totalMs, statements }
  } finally {
    restore()
  }
}

export function renderSqlTimes(times: SqlTimes, top = 15): string {
  const fixed = (value: number, digits = 0) => value.toFixed(digits)
  const rows = times.statements
    .slice(0, top)
    .map(
      (s) =>
        `| ${fixed(s.totalMs)} | ${s.calls} | ${fixed(s.microsPerCall, 1)} | \`${s.sql.slice(0, 110)}\` |`,
    )
  const plans = times.statements
    .slice(0, top)
    .filter((s) => s.plan)
    .map((s) => `- \`${s.sql.slice(0, 60)}…\`: ${s.plan}`)
  return [
    `In-process race, ${times.jobs} jobs, ${times.claims} claims: ${fixed(times.wallMs / 1000, 1)} s wall, ${fixed(times.totalMs)} ms in SQL statements (${times.statements.length} statements).`,
    '',
    '| ms | calls | µs per call | statement |',
    '| ---: | ---: | ---: | --- |',
    ...rows,
    '',
    ...plans,
    '',
  ].join('\n')
}
