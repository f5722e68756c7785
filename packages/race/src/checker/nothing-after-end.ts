// Invariant 2 of DESIGN §5: no event or item update is accepted on a job after it finished or
// expired. An `ok` claim, finish or put-items breaks it when its invoke comes after the job's
// first `ok` finish completed, or when the fake's clock at its invoke had reached the job's
// `expiredAt`, or when an `ok` get answered before it had shown the job ended (the zombie moves
// read the job first). An `ok` put-items of more than 100 items breaks it too: Pleo refuses those
// with 413. Reported once per job and cause, with the first offending operation.
import { maxItemsPerUpdate } from '@fake-pleo/contract'
import {
  evidence,
  invokeOf,
  opAt,
  processName,
  valueField,
  violation,
  type CheckContext,
} from './context.ts'
import { collectSeenStatus, seenBefore, type SeenStatus } from './seen-status.ts'
import type { Violation } from './types.ts'

type Offence = { first: number; count: number }

const updates = new Set(['claim', 'finish', 'put-items'])

export function checkNothingAfterEnd(ctx: CheckContext): Violation[] {
  const expiry = expiryTimes(ctx)
  const firstFinish = new Map<string, number>()
  const afterFinish = new Map<string, Offence>()
  const afterExpiry = new Map<string, Offence>()
  const afterSeen = new Map<string, Offence>()
  const oversized = new Map<string, Offence>()
  const seen = collectSeenStatus(ctx)
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (op.type !== 'ok' || !updates.has(op.f) || op.jobId === undefined) continue
    const invoke = invokeOf(ctx, i)
    const finished = firstFinish.get(op.jobId)
    const afterFinished = finished !== undefined && opAt(ctx, finished).index < invoke.index
    if (afterFinished) note(afterFinish, op.jobId, i)
    const expiredAt = expiry.get(op.jobId)
    const afterExpired = expiredAt !== undefined && invoke.sim >= expiredAt
    if (afterExpired) note(afterExpiry, op.jobId, i)
    if (
      !afterFinished &&
      !afterExpired &&
      seenBefore(ctx, seen.ended.get(op.jobId), invoke.index)
    ) {
      note(afterSeen, op.jobId, i)
    }
    if (op.f === 'put-items' && itemCount(invoke) > maxItemsPerUpdate) note(oversized, op.jobId, i)
    if (op.f === 'finish' && finished === undefined) firstFinish.set(op.jobId, i)
  }
  return [
    ...[...afterFinish].map(([jobId, o]) => finishedViolation(ctx, jobId, firstFinish, o)),
    ...[...afterExpiry].map(([jobId, o]) => expiredViolation(ctx, jobId, o)),
    ...[...afterSeen].map(([jobId, o]) => seenEndedViolation(ctx, jobId, seen, o)),
    ...[...oversized].map(([jobId, o]) => oversizedViolation(ctx, jobId, o)),
  ]
}

function itemCount(invoke: ReturnType<typeof invokeOf>): number {
  const items = valueField(invoke, 'items')
  return Array.isArray(items) ? items.length : 0
}

function seenEndedViolation(
  ctx: CheckContext,
  jobId: string,
  seen: SeenStatus,
  o: Offence,
): Violation {
  const op = opAt(ctx, o.first)
  const sighting = seen.ended.get(jobId)
  const read = sighting ? opAt(ctx, sighting.position) : undefined
  return violation(
    2,
    'nothing-after-end',
    `${processName(op.process)}'s ${op.f} of job ${jobId} was accepted although it was sent after ` +
      `operation ${read?.index ?? '?'} had read the job ${sighting?.status ?? 'ended'}${more(o)}`,
    evidence(ctx, sighting?.position ?? -1, o.first),
    { jobId, process: op.process },
  )
}

function oversizedViolation(ctx: CheckContext, jobId: string, o: Offence): Violation {
  const op = opAt(ctx, o.first)
  return violation(
    2,
    'item-update-limit',
    `${processName(op.process)}'s put-items of ${itemCount(invokeOf(ctx, o.first))} items on job ` +
      `${jobId} was accepted although an update holds at most ${maxItemsPerUpdate} (413)${more(o)}`,
    evidence(ctx, o.first),
    { jobId, process: op.process },
  )
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
