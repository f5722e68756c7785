// The export job state machine: transition(job, event, now, rules) returns the next job or the
// reason it is refused. pending→started→in_progress; in_progress→completed, completed_with_errors
// or failed; pending→failed unless strict; everything else, a second `started` included, is 422.
import type { Result } from './errors.ts'
import type { ExportJobEvent } from './enums.ts'
import type { JobRecord } from './export-job.ts'
import type { CreateExportJobEvent } from './export-job-event.ts'
import { isDueToExpire } from './expiry.ts'

export type TransitionRules = {
  /** Forbid pending→failed (pre-claim validation failures). */
  strictTransitions: boolean
  /** Unsafe mode `second-final`: a final event is accepted on a job that already ended. */
  finalAfterEnd?: boolean
  /** Unsafe mode `no-expiry`: a job past its window still takes events. */
  ignoreExpiry?: boolean
}

export const defaultTransitionRules: TransitionRules = { strictTransitions: false }

export type TransitionRefusal = 'INVALID_EXPORT_JOB_STATUS_CHANGE'

type EventInput = Pick<CreateExportJobEvent, 'event' | 'failureReason' | 'failureReasonType'>

export function isAllowed(
  status: JobRecord['status'],
  event: ExportJobEvent,
  rules: TransitionRules,
): boolean {
  if (status === 'pending')
    return event === 'started' || (event === 'failed' && !rules.strictTransitions)
  if (status === 'in_progress') return event !== 'started'
  return rules.finalAfterEnd === true && event !== 'started'
}

export function transition(
  job: JobRecord,
  input: EventInput,
  now: number,
  rules: TransitionRules = defaultTransitionRules,
): Result<JobRecord, TransitionRefusal> {
  if (
    (!rules.ignoreExpiry && isDueToExpire(job, now)) ||
    !isAllowed(job.status, input.event, rules)
  ) {
    return { ok: false, code: 'INVALID_EXPORT_JOB_STATUS_CHANGE' }
  }
  const touched = { ...job, lastUpdatedAt: now }
  switch (input.event) {
    case 'started':
      return { ok: true, value: { ...touched, status: 'in_progress', startedAt: now } }
    case 'completed':
    case 'completed_with_errors':
      return { ok: true, value: { ...touched, status: input.event, completedAt: now } }
    case 'failed':
      return {
        ok: true,
        value: {
          ...touched,
          status: 'failed',
          completedAt: now,
          failureReason: input.failureReason ?? null,
          failureReasonType: input.failureReasonType ?? null,
        },
      }
  }
}
