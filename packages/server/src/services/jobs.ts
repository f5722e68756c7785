// Creating export jobs: what pressing Export in Pleo's web app does (fresh accounting entries, a
// new pending job) and what the public POST /v3/export-jobs does with given entries. The store
// keeps each entry by its origin and generates its body when it is read (decision 0025).
import type { JobRecord } from '@fake-pleo/contract'
import type { AppDeps } from '../app-env.ts'
import { jobCreated } from './webhook-events.ts'

export type NewJob = {
  companyId: string
  /** A chosen job id (seeds); a fresh one otherwise. */
  id?: string | undefined
  /** Generate this many fresh accounting entries… */
  numberOfItems?: number | undefined
  /** …or export these entries (ids unknown to the company get generated data). */
  accountingEntryIds?: string[] | undefined
  createdBy?: string | null | undefined
  isInteractive?: boolean | null | undefined
  vendorBasedBookkeeping?: boolean | null | undefined
  expiresIn?: number | undefined
  /** Back-date the job (seconds before now), e.g. for a seed of jobs of different ages. */
  ageSeconds?: number | undefined
}

type JobDeps = Pick<AppDeps, 'store' | 'ids' | 'clock' | 'options'> &
  Partial<Pick<AppDeps, 'bus' | 'dispatcher'>>

export function createJob(deps: JobDeps, input: NewJob): JobRecord {
  const createdAt = deps.clock.now() - (input.ageSeconds ?? 0) * 1000
  const vendorBasedBookkeeping = input.vendorBasedBookkeeping ?? false
  const entryIds =
    input.accountingEntryIds ??
    Array.from({ length: input.numberOfItems ?? 3 }, () => deps.ids.uuid())
  const job: JobRecord = {
    id: input.id ?? deps.ids.uuid(),
    companyId: input.companyId,
    status: 'pending',
    createdAt,
    createdBy: input.createdBy ?? null,
    startedAt: null,
    completedAt: null,
    lastUpdatedAt: createdAt,
    expiresIn: input.expiresIn ?? deps.options.expiresIn,
    expiredAt: null,
    failureReason: null,
    failureReasonType: null,
    isInteractive: input.isInteractive ?? true,
    numberOfItems: entryIds.length,
    vendorBasedBookkeeping,
  }
  const queued = deps.store.insertJob(job, entryIds, jobCreated(deps.ids, job))
  deps.bus?.emit('job.created', deps.clock.now(), { jobId: job.id, companyId: job.companyId })
  // Nothing queued (no subscription wants it): nothing for the dispatcher to claim.
  if (queued > 0) void deps.dispatcher?.notify()
  return job
}
