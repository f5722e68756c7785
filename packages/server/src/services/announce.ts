// Turns what the store did into domain events on the bus: expiries, claims and conflicts,
// finished jobs and item updates. The live stream and tools follow these.
import type { JobRecord } from '@fake-pleo/contract'
import type { AppDeps } from '../app-env.ts'
import type { EventInput } from '../store/types.ts'

type Deps = Pick<AppDeps, 'store' | 'clock' | 'bus'>

const summary = (job: JobRecord) => ({
  jobId: job.id,
  companyId: job.companyId,
  status: job.status,
})

/** Expires due jobs and announces each one. */
export function expireDue(deps: Deps): JobRecord[] {
  const now = deps.clock.now()
  const expired = deps.store.expireDue(now)
  for (const job of expired) deps.bus?.emit('job.expired', now, summary(job))
  return expired
}

export function announceEvent(
  deps: Deps,
  input: EventInput,
  outcome: { ok: true; job: JobRecord } | { ok: false; code: string },
): void {
  if (!deps.bus) return
  const now = deps.clock.now()
  if (!outcome.ok) {
    if (input.event === 'started' && outcome.code === 'INVALID_EXPORT_JOB_STATUS_CHANGE') {
      deps.bus.emit('job.conflict', now, { jobId: input.jobId, event: input.event })
    }
    return
  }
  if (input.event === 'started') deps.bus.emit('job.claimed', now, summary(outcome.job))
  else deps.bus.emit('job.finished', now, summary(outcome.job))
}

export function announceItems(deps: Deps, jobId: string, updated: number, errors: number): void {
  deps.bus?.emit('job.updated', deps.clock.now(), { jobId, updated, errors })
}
