// The job state machine, every status × every event: which moves are legal, what they set, and
// that strict transitions forbid pending→failed. Expected outcomes are written out by hand from
// DESIGN §3, not derived from the code under test.
import { describe, expect, it } from 'vitest'
import {
  exportJobEvents,
  exportJobStatuses,
  type ExportJobEvent,
  type ExportJobStatus,
} from './enums.ts'
import type { JobRecord } from './export-job.ts'
import { transition } from './state-machine.ts'

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0)

function job(status: ExportJobStatus, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    companyId: '00000000-0000-4000-8000-000000000002',
    status,
    createdAt: t0,
    createdBy: null,
    startedAt: null,
    completedAt: null,
    lastUpdatedAt: t0,
    expiresIn: 3600,
    expiredAt: null,
    failureReason: null,
    failureReasonType: null,
    isInteractive: true,
    numberOfItems: 3,
    vendorBasedBookkeeping: false,
    ...overrides,
  }
}

// status → event → resulting status, or null for 422. Hand-written from DESIGN §3.
const table: Record<ExportJobStatus, Record<ExportJobEvent, ExportJobStatus | null>> = {
  pending: {
    started: 'in_progress',
    failed: 'failed',
    completed: null,
    completed_with_errors: null,
  },
  in_progress: {
    started: null,
    failed: 'failed',
    completed: 'completed',
    completed_with_errors: 'completed_with_errors',
  },
  completed: { started: null, failed: null, completed: null, completed_with_errors: null },
  completed_with_errors: {
    started: null,
    failed: null,
    completed: null,
    completed_with_errors: null,
  },
  failed: { started: null, failed: null, completed: null, completed_with_errors: null },
  expired: { started: null, failed: null, completed: null, completed_with_errors: null },
}

describe('transition', () => {
  const now = t0 + 60_000
  for (const status of exportJobStatuses) {
    for (const event of exportJobEvents) {
      const expected = table[status][event]
      it(`${status} + ${event} → ${expected ?? '422'}`, () => {
        const result = transition(job(status), { event }, now)
        if (expected === null) {
          expect(result).toEqual({ ok: false, code: 'INVALID_EXPORT_JOB_STATUS_CHANGE' })
        } else {
          expect(result.ok).toBe(true)
          if (result.ok) {
            expect(result.value.status).toBe(expected)
            expect(result.value.lastUpdatedAt).toBe(now)
          }
        }
      })
    }
  }

  it('started sets startedAt; completed sets completedAt', () => {
    const started = transition(job('pending'), { event: 'started' }, now)
    expect(started.ok && started.value.startedAt).toBe(now)
    const done = transition(job('in_progress'), { event: 'completed' }, now + 1000)
    expect(done.ok && done.value.completedAt).toBe(now + 1000)
  })

  it('failed keeps the reason and its type', () => {
    const result = transition(
      job('in_progress'),
      {
        event: 'failed',
        failureReason: 'ERP down',
        failureReasonType: 'accounting_system_unreachable',
      },
      now,
    )
    expect(result.ok && [result.value.failureReason, result.value.failureReasonType]).toEqual([
      'ERP down',
      'accounting_system_unreachable',
    ])
  })

  it('strict transitions refuse pending → failed but keep in_progress → failed', () => {
    const rules = { strictTransitions: true }
    expect(transition(job('pending'), { event: 'failed' }, now, rules).ok).toBe(false)
    expect(transition(job('in_progress'), { event: 'failed' }, now, rules).ok).toBe(true)
  })

  it('refuses any event once the expiry window has closed, even before the store marks it', () => {
    const due = t0 + 3600 * 1000
    expect(transition(job('pending'), { event: 'started' }, due).ok).toBe(false)
    expect(transition(job('in_progress'), { event: 'completed' }, due).ok).toBe(false)
    expect(transition(job('pending'), { event: 'started' }, due - 1000).ok).toBe(true)
  })

  it('does not modify the job it is given', () => {
    const before = job('pending')
    const copy = { ...before }
    transition(before, { event: 'started' }, now)
    expect(before).toEqual(copy)
  })
})
