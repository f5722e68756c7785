// Reads the fake's final state after a race: every job of the company (all pages) with its items.
// Uses an unrecorded, unscheduled client: it is the observer, not a participant. While the race
// runs, its reads meet the scenario's injected faults like anyone's, so it retries many times
// without waiting (a fault answers without handling the request: retrying is harmless).
import { createPleoClient } from '@fake-pleo/client'
import type { RaceEnvironment } from './environment.ts'
import type { FinalState } from './final-state.ts'

export function observer(env: RaceEnvironment) {
  return createPleoClient({
    baseUrl: env.baseUrl,
    auth: { apiKey: env.apiKey },
    fetch: env.direct,
    sleep: () => Promise.resolve(),
    retry: { attempts: 50, baseMs: 1, maxMs: 1 },
  })
}

export async function readFinalState(env: RaceEnvironment): Promise<FinalState> {
  const client = observer(env)
  const jobs = await client.allExportJobs({ companyId: env.companyId, limit: 100 })
  if (!jobs.ok) throw new Error(`reading the final jobs: ${jobs.error.message}`)
  const out: FinalState['jobs'] = []
  for (const job of jobs.data) {
    const items = await client.allExportJobItems(job.id, { limit: 100 })
    if (!items.ok) throw new Error(`reading the items of ${job.id}: ${items.error.message}`)
    out.push({
      id: job.id,
      status: job.status,
      createdAt: job.createdAt,
      expiredAt: job.expiredAt ?? null,
      items: items.data.map((item) => ({
        accountingEntryId: item.accountingEntryId,
        status: item.status,
      })),
    })
  }
  return { jobs: out }
}

/** How many of the company's jobs are still pending or in progress. */
export async function openJobs(env: RaceEnvironment): Promise<number> {
  const page = await observer(env).listExportJobs({
    companyId: env.companyId,
    statuses: ['pending', 'in_progress'],
    limit: 1,
  })
  if (!page.ok) throw new Error(`counting open jobs: ${page.error.message}`)
  return page.data.pagination.total ?? Number.POSITIVE_INFINITY
}
