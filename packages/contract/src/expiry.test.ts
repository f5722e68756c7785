// The expiry rule at its boundaries: one second before the window closes a job is open, at the
// instant and after it is due; only open jobs expire; expire() records when and why.
import { describe, expect, it } from 'vitest'
import type { ExportJobStatus } from './enums.ts'
import type { JobRecord } from './export-job.ts'
import { expire, expiresAt, isDueToExpire } from './expiry.ts'

const t0 = Date.UTC(2026, 5, 1, 8, 0, 0)

const job = (status: ExportJobStatus, lastUpdatedAt = t0, expiresIn = 600): JobRecord => ({
  id: '00000000-0000-4000-8000-00000000000a',
  companyId: '00000000-0000-4000-8000-00000000000b',
  status,
  createdAt: t0,
  createdBy: null,
  startedAt: null,
  completedAt: null,
  lastUpdatedAt,
  expiresIn,
  expiredAt: null,
  failureReason: null,
  failureReasonType: null,
  isInteractive: true,
  numberOfItems: 1,
  vendorBasedBookkeeping: false,
})

describe('expiry', () => {
  it('closes the window expiresIn seconds after lastUpdatedAt', () => {
    expect(expiresAt(job('pending'))).toBe(t0 + 600_000)
    expect(expiresAt(job('pending', t0 + 5000, 10))).toBe(t0 + 15_000)
  })

  it('is not due one second before, and due at the instant and one second after', () => {
    for (const status of ['pending', 'in_progress'] as const) {
      expect(isDueToExpire(job(status), t0 + 599_000)).toBe(false)
      expect(isDueToExpire(job(status), t0 + 600_000)).toBe(true)
      expect(isDueToExpire(job(status), t0 + 601_000)).toBe(true)
    }
  })

  it('never applies to finished jobs', () => {
    for (const status of ['completed', 'completed_with_errors', 'failed', 'expired'] as const) {
      expect(isDueToExpire(job(status), t0 + 10_000_000)).toBe(false)
    }
  })

  it('marks the job with the chosen status, job_expired and the closing instant', () => {
    const expired = expire(job('in_progress', t0 + 1000), 'expired')
    expect(expired.status).toBe('expired')
    expect(expired.expiredAt).toBe(t0 + 601_000)
    expect(expired.failureReasonType).toBe('job_expired')
    expect(expire(job('pending'), 'failed').status).toBe('failed')
  })
})
