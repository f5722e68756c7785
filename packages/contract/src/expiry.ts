// The expiry rule: an open job (pending or in_progress) expires `expiresIn` seconds after
// `lastUpdatedAt`. At that instant and after, it is expired. Pure: `now` is passed in.
import type { ExportJobStatus } from './enums.ts'
import type { JobRecord } from './export-job.ts'

export const defaultExpiresIn = 3600

/** How an expired job reads: the how-to's `expired` (default) or the spec's `failed`. */
export type ExpiredStatus = 'expired' | 'failed'

export function isOpen(status: ExportJobStatus): boolean {
  return status === 'pending' || status === 'in_progress'
}

export function expiresAt(job: Pick<JobRecord, 'lastUpdatedAt' | 'expiresIn'>): number {
  return job.lastUpdatedAt + job.expiresIn * 1000
}

export function isDueToExpire(job: JobRecord, now: number): boolean {
  return isOpen(job.status) && now >= expiresAt(job)
}

/** The job as it reads once expired; `expiredAt` is the instant the window closed. */
export function expire(job: JobRecord, expiredStatus: ExpiredStatus): JobRecord {
  return {
    ...job,
    status: expiredStatus,
    expiredAt: expiresAt(job),
    failureReasonType: 'job_expired',
    failureReason: `The export job was not updated within ${job.expiresIn} seconds.`,
  }
}
