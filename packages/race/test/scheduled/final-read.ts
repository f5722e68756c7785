// What the fake holds once a scheduled race has settled, read outside the scheduler: every job of
// the company with its items (the checker's final state) and, from the fake's own request
// journal, how many `started` events it accepted (202) for each job.
import { createPleoClient } from '@fake-pleo/client'
import type { FakePleo } from '@fake-pleo/server'
import type { FinalState } from '../../src/final-state.ts'

/** A loopback name (RFC 6761): the control API answers only those (decision 0019). */
export const baseUrl = 'http://fake.scheduled.localhost'

function observer(fake: FakePleo) {
  return createPleoClient({
    baseUrl,
    auth: { apiKey: fake.apiKey ?? '' },
    fetch: async (input, init) => fake.app.request(input, init),
    sleep: () => Promise.resolve(),
  })
}

export async function readFinal(fake: FakePleo): Promise<FinalState> {
  const client = observer(fake)
  const jobs = await client.allExportJobs({ companyId: fake.companyId ?? '', limit: 100 })
  if (!jobs.ok) throw new Error(`reading the final jobs: ${jobs.error.message}`)
  const out: FinalState['jobs'] = []
  for (const job of jobs.data) {
    const items = await client.allExportJobItems(job.id, { limit: 100 })
    if (!items.ok) throw new Error(`reading the items of ${job.id}: ${items.error.message}`)
    const { id, status, createdAt, expiredAt } = job
    const reported = items.data.map(({ accountingEntryId, status }) => ({
      accountingEntryId,
      status,
    }))
    out.push({ id, status, createdAt, expiredAt: expiredAt ?? null, items: reported })
  }
  return { jobs: out }
}

/**
 * Accepted `started` events per job id, as the fake's journal saw them after entry `after`, and
 * the id of the last entry read (`after` when there was none).
 */
export function acceptedStarts(
  fake: FakePleo,
  after = 0,
): { starts: Map<string, number>; lastEntryId: number } {
  const starts = new Map<string, number>()
  let lastEntryId = after
  for (const entry of fake.deps.store.listJournal(after, 10_000)) {
    lastEntryId = entry.id
    const accepted = entry.status === 202 && entry.event === 'started'
    if (!accepted || entry.path !== '/v3/export-job-events' || entry.jobId === null) continue
    starts.set(entry.jobId, (starts.get(entry.jobId) ?? 0) + 1)
  }
  return { starts, lastEntryId }
}
