// Trimming what a long run would otherwise keep forever (the `retain` option): the finished jobs
// (with their items, and the accounting entries no remaining item uses), the settled webhook
// messages (outbox rows no longer pending or being sent, with their delivery attempts) and the
// vendors, each down to its `keep` most recent. Open jobs, messages still to send, companies,
// keys, subscriptions and the journal (capped on its own) are never touched. One transaction.
import type Database from 'better-sqlite3'

export type Trimmed = { jobs: number; entries: number; messages: number; vendors: number }

export function createRetention(db: Database.Database): (keep: number) => Trimmed {
  const q = {
    oldJobs: db
      .prepare(
        `SELECT id FROM export_jobs WHERE status NOT IN ('pending', 'in_progress')
         ORDER BY last_updated_at DESC, id DESC LIMIT -1 OFFSET ?`,
      )
      .pluck(),
    // Entries of the dropped jobs that no other job's items use.
    orphanedEntries: db
      .prepare(
        `SELECT DISTINCT accounting_entry_id FROM export_job_items
         WHERE job_id IN (SELECT value FROM json_each(@jobs))
           AND accounting_entry_id NOT IN (
             SELECT accounting_entry_id FROM export_job_items
             WHERE job_id NOT IN (SELECT value FROM json_each(@jobs)))`,
      )
      .pluck(),
    dropEntries: db.prepare(
      'DELETE FROM accounting_entries WHERE id IN (SELECT value FROM json_each(?))',
    ),
    dropItems: db.prepare(
      'DELETE FROM export_job_items WHERE job_id IN (SELECT value FROM json_each(?))',
    ),
    dropJobs: db.prepare('DELETE FROM export_jobs WHERE id IN (SELECT value FROM json_each(?))'),
    oldMessages: db
      .prepare(
        `SELECT id FROM outbox WHERE state NOT IN ('pending', 'sending')
         ORDER BY id DESC LIMIT -1 OFFSET ?`,
      )
      .pluck(),
    dropDeliveries: db.prepare(
      'DELETE FROM deliveries WHERE outbox_id IN (SELECT value FROM json_each(?))',
    ),
    dropMessages: db.prepare('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))'),
    dropVendors: db.prepare(
      `DELETE FROM vendors WHERE id IN (
         SELECT id FROM vendors ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)`,
    ),
  }
  const trim = db.transaction((keep: number): Trimmed => {
    const trimmed: Trimmed = { jobs: 0, entries: 0, messages: 0, vendors: 0 }
    // Nothing past `keep` (the common case): skip the deletes and the orphan search, which
    // scan every item even for an empty list.
    const oldJobs = q.oldJobs.all(keep)
    if (oldJobs.length > 0) {
      const jobs = JSON.stringify(oldJobs)
      // Entries are found while the items still point at them, and deleted after the items
      // (the items' foreign key refuses it before).
      const entries = JSON.stringify(q.orphanedEntries.all({ jobs }))
      q.dropItems.run(jobs)
      trimmed.jobs = q.dropJobs.run(jobs).changes
      trimmed.entries = q.dropEntries.run(entries).changes
    }
    const oldMessages = q.oldMessages.all(keep)
    if (oldMessages.length > 0) {
      const messages = JSON.stringify(oldMessages)
      q.dropDeliveries.run(messages)
      trimmed.messages = q.dropMessages.run(messages).changes
    }
    trimmed.vendors = q.dropVendors.run(keep).changes
    return trimmed
  })
  return (keep) => trim.immediate(keep)
}
