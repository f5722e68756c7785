// Invariant 2 of DESIGN §5: no event or item update is accepted on a job after it finished or
// expired. An `ok` claim, finish or put-items breaks it when its invoke comes after the job's
// first `ok` finish completed, or when the fake's clock at its invoke had reached the job's
// `expiredAt`. Reported once per job and cause, with the first offending operation.
import { evidence, invokeOf, opAt, processName, violation, type CheckContext } from './context.ts'
import type { Violation } from './types.ts'

type Offence = { first: number; count: number }

const updates = new Set(['claim', 'finish', 'put-items'])

export function checkNothingAfterEnd(ctx: CheckContext): Violation[] {
  const expiry = expiryTimes(ctx)
  const firstFinish = new Map<string, number>()
  const afterFinish = new Map<string, Offence>()
  const afterExpiry = new Map<string, Offence>()
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (op.type !== 'ok' || !updates.has(op.f) || op.jobId === undefined) continue
    const invoke = invokeOf(ctx, i)
    const finished = firstFinish.get(op.jobId)
    if (finished !== undefined && opAt(ctx, finished).index < invoke.index) {
      note(afterFinish, op.jobId, i)
    }
    const expiredAt = expiry.get(op.jobId)
    if (expiredAt !== undefined && invoke.sim >= expiredAt) note(afterExpiry, op.jobId, i)
    if (op.f === 'finish' && finished === undefined) firstFinish.set(op.jobId, i)
  }
  return [
    ...[...afterFinish].map(([jobId, o]) => finishedViolation(ctx, jobId, firstFinish, o)),
    ...[...afterExpiry].map(([jobId, o]) => expiredViolation(ctx, jobId, o)),
  ]
}

function expiryTimes(ctx: CheckContext): Map<string, number> {
  const times = new Map<string, number>()
  for (const job of ctx.finalJobs.values()) {
    const at = job.expiredAt === null ? Number.NaN : Date.parse(job.expiredAt)
    if (!Number.isNaN(at)) times.set(job.id, at)
  }
  return times
}

function note(offences: Map<string, Offence>, jobId: string, position: number): void {
  const offence = offences.get(jobId)
  if (offence) offence.count++
  else offences.set(jobId, { first: position, count: 1 })
}

const more = (o: Offence): string => (o.count > 1 ? ` (${o.count - 1} more after it)` : '')

function finishedViolation(
  ctx: CheckContext,
  jobId: string,
  firstFinish: Map<string, number>,
  o: Offence,
): Violation {
  const finish = firstFinish.get(jobId) ?? -1
  const op = opAt(ctx, o.first)
  return violation(
    2,
    'nothing-after-finish',
    `${processName(op.process)}'s ${op.f} of job ${jobId} was accepted although it was sent after ` +
      `the job had finished (operation ${opAt(ctx, finish).index})${more(o)}`,
    evidence(ctx, finish, o.first),
    { jobId, process: op.process },
  )
}

function expiredViolation(ctx: CheckContext, jobId: string, o: Offence): Violation {
  const op = opAt(ctx, o.first)
  const expiredAt = ctx.finalJobs.get(jobId)?.expiredAt ?? ''
  const sentAt = new Date(invokeOf(ctx, o.first).sim).toISOString()
  return violation(
    2,
    'nothing-after-expiry',
    `${processName(op.process)}'s ${op.f} of job ${jobId} was accepted although it was sent at ` +
      `${sentAt}, once the job had expired at ${expiredAt}${more(o)}`,
    evidence(ctx, o.first),
    { jobId, process: op.process },
  )
}
