// Looks up a job as the calling company sees it: another company's job is indistinguishable
// from a missing one (404 EXPORT_NOT_FOUND), so ids leak nothing across companies.
import type { JobRecord } from '@fake-pleo/contract'
import { ApiError } from '../api-error.ts'
import type { Store } from '../store/types.ts'

export function companyJob(store: Store, jobId: string, companyId: string): JobRecord {
  const job = store.getJob(jobId)
  if (!job || job.companyId !== companyId) throw new ApiError('EXPORT_NOT_FOUND')
  return job
}
