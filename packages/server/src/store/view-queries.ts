// Read-only queries behind the web app's views (GET /_sim/companies, /_sim/board,
// /_sim/export-jobs/{jobId}, /_sim/messages): the companies, item progress per
// job, the next expiry, a job's journal entries and the webhook messages that concern a job or a
// company with their attempts. Statements are prepared once; nothing here writes.
import type Database from 'better-sqlite3'
import { journalFromRow } from './rows.ts'
import type { JournalEntry } from './records.ts'

export type CompanyView = { id: string; name: string; createdAt: number }

export type ItemProgress = { total: number; reported: number; failed: number }

/** One webhook message (an outbox row) with what became of it. */
export type MessageView = {
  id: number
  webhookId: string
  subscriptionId: string
  eventType: string
  createdAt: number
  state: string
  attempts: number
  nextAttemptAt: number | null
  jobId: string | null
  deliveries: {
    id: number
    attempt: number
    at: number
    status: number | null
    error: string | null
    fault: string | null
  }[]
}

export type ViewQueries = ReturnType<typeof createViewQueries>

type OutboxRow = {
  id: number
  webhook_id: string
  subscription_id: string
  event_type: string
  body: string
  created_at: number
  state: string
  attempts: number
  next_attempt_at: number | null
}

type DeliveryRow = {
  id: number
  outbox_id: number
  attempt: number
  at: number
  status: number | null
  error: string | null
  fault: string | null
}

/** The job a webhook body names (`data.id` of an export-job event), if any. */
function jobOf(eventType: string, body: string): string | null {
  if (!eventType.includes('export-job')) return null
  try {
    const parsed = JSON.parse(body) as { data?: { id?: unknown; jobId?: unknown } }
    const id = parsed.data?.id ?? parsed.data?.jobId
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/** `flushJournal` writes buffered journal entries before a view reads the journal. */
export function createViewQueries(db: Database.Database, flushJournal: () => void = () => {}) {
  const q = {
    companies: db.prepare('SELECT id, name, created_at FROM companies ORDER BY created_at, id'),
    progress: db.prepare(
      `SELECT job_id, COUNT(*) AS total,
              SUM(CASE WHEN status IN ('successful', 'failed') THEN 1 ELSE 0 END) AS reported,
              SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed
         FROM export_job_items WHERE job_id IN (SELECT value FROM json_each(?)) GROUP BY job_id`,
    ),
    nextExpiry: db.prepare(
      `SELECT MIN(expires_at) AS at FROM export_jobs
        WHERE status IN ('pending', 'in_progress') AND (? IS NULL OR company_id = ?)`,
    ),
    journalOfJob: db.prepare(
      `SELECT * FROM (SELECT * FROM journal WHERE job_id = ? ORDER BY id DESC LIMIT ?)
        ORDER BY id`,
    ),
    outboxOfJob: db.prepare(
      `SELECT * FROM outbox WHERE event_type LIKE '%export-job%' AND instr(body, ?) > 0
        ORDER BY id`,
    ),
    outboxOfCompany: db.prepare(
      `SELECT o.* FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id
        WHERE s.company_id = ? ORDER BY o.id DESC LIMIT ?`,
    ),
    deliveriesOf: db.prepare(
      `SELECT id, outbox_id, attempt, at, status, error, fault FROM deliveries
        WHERE outbox_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ),
  }

  const messages = (rows: OutboxRow[]): MessageView[] => {
    const ids = rows.map((row) => row.id)
    const attempts = new Map<number, DeliveryRow[]>()
    for (const d of q.deliveriesOf.all(JSON.stringify(ids)) as DeliveryRow[]) {
      const list = attempts.get(d.outbox_id) ?? []
      list.push(d)
      attempts.set(d.outbox_id, list)
    }
    return rows.map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      subscriptionId: row.subscription_id,
      eventType: row.event_type,
      createdAt: row.created_at,
      state: row.state,
      attempts: row.attempts,
      nextAttemptAt: row.next_attempt_at,
      jobId: jobOf(row.event_type, row.body),
      deliveries: (attempts.get(row.id) ?? []).map(({ outbox_id: _o, ...d }) => d),
    }))
  }

  return {
    companies(): CompanyView[] {
      const rows = q.companies.all() as { id: string; name: string; created_at: number }[]
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
      }))
    },
    progress(jobIds: readonly string[]): Map<string, ItemProgress> {
      const rows = q.progress.all(JSON.stringify(jobIds)) as {
        job_id: string
        total: number
        reported: number
        failed: number
      }[]
      return new Map(
        rows.map((r) => [r.job_id, { total: r.total, reported: r.reported, failed: r.failed }]),
      )
    },
    nextExpiry(companyId: string | undefined): number | null {
      const id = companyId ?? null
      return (q.nextExpiry.get(id, id) as { at: number | null }).at
    },
    /** The last `limit` journal entries about a job, oldest first. */
    journalOfJob(jobId: string, limit: number): JournalEntry[] {
      flushJournal()
      return (q.journalOfJob.all(jobId, limit) as Record<string, unknown>[]).map(journalFromRow)
    },
    messagesOfJob(jobId: string): MessageView[] {
      const rows = (q.outboxOfJob.all(jobId) as OutboxRow[]).filter(
        (row) => jobOf(row.event_type, row.body) === jobId,
      )
      return messages(rows)
    },
    messagesOfCompany(companyId: string, limit: number): MessageView[] {
      return messages(q.outboxOfCompany.all(companyId, limit) as OutboxRow[])
    },
  }
}
