// What a live view shows about the jobs, read from the fake through its public API (so it works
// in-process and over HTTP alike): how many jobs are in each status, the oldest pending job's age,
// when the next open job expires, and the newest jobs.
import { exportJobStatuses } from '@fake-pleo/contract'
import type { RaceEnvironment } from './environment.ts'
import { observer } from './final-read.ts'
import type { JobsSnapshot } from './live-types.ts'

export async function jobsSnapshot(env: RaceEnvironment, expiresIn: number): Promise<JobsSnapshot> {
  const client = observer(env)
  const companyId = env.companyId
  const counts = {} as JobsSnapshot['counts']
  for (const status of exportJobStatuses) {
    const page = await client.listExportJobs({ companyId, statuses: [status], limit: 1 })
    counts[status] = page.ok ? (page.data.pagination.total ?? 0) : 0
  }
  const oldest = await client.listExportJobs({
    companyId,
    statuses: ['pending'],
    sortingKeys: ['createdAt'],
    sortingOrder: ['ASC'],
    limit: 1,
  })
  const stale = await client.listExportJobs({
    companyId,
    statuses: ['pending', 'in_progress'],
    sortingKeys: ['lastUpdatedAt'],
    sortingOrder: ['ASC'],
    limit: 1,
  })
  const recent = await client.listExportJobs({
    companyId,
    sortingKeys: ['createdAt'],
    sortingOrder: ['DESC'],
    limit: 8,
  })
  const now = env.now()
  const oldestJob = oldest.ok ? oldest.data.items[0] : undefined
  const staleJob = stale.ok ? stale.data.items[0] : undefined
  const staleAt = staleJob ? Date.parse(staleJob.lastUpdatedAt ?? staleJob.createdAt) : Number.NaN
  return {
    counts,
    oldestPendingAgeMs: oldestJob ? now - Date.parse(oldestJob.createdAt) : null,
    nextExpiryAt: Number.isNaN(staleAt)
      ? null
      : staleAt + (staleJob?.expiresIn ?? expiresIn) * 1000,
    recent: recent.ok
      ? recent.data.items.map(({ id, status, createdAt }) => ({ id, status, createdAt }))
      : [],
  }
}
