// What the history says about each job, gathered in one pass for invariant 6: which create made
// it (and how many creates have an unknown outcome), its first won claim, the events of its `ok` and `info` finishes, its `ok` finishes, and
// the last successful or failed status put for each of its items by an `ok` put-items.
import type { Operation } from '../history.ts'
import { invokeOf, opAt, valueField, type CheckContext } from './context.ts'

export type ItemReport = { status: string; position: number }

export type Facts = {
  created: Map<string, number>
  /**
   * Creates whose outcome is unknown: answered `info` (cut off on their way) or never completed.
   * Each may have made a job the history cannot name.
   */
  uncertainCreates: number
  claimed: Map<string, number>
  finishEvents: Map<string, Set<string>>
  okFinishes: Map<string, number[]>
  /** Job id, then accounting entry id. */
  reports: Map<string, Map<string, ItemReport>>
}

export function collectFacts(ctx: CheckContext): Facts {
  const facts: Facts = {
    created: new Map(),
    uncertainCreates: 0,
    claimed: new Map(),
    finishEvents: new Map(),
    okFinishes: new Map(),
    reports: new Map(),
  }
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (op.f === 'create' && isUncertain(ctx, op, i)) facts.uncertainCreates++
    if (op.type === 'invoke' || op.type === 'fail') continue
    if (op.f === 'create' && op.type === 'ok') noteCreated(facts, op, i)
    if (op.jobId === undefined) continue
    if (op.f === 'claim' && op.type === 'ok' && !facts.claimed.has(op.jobId)) {
      facts.claimed.set(op.jobId, i)
    } else if (op.f === 'finish') noteFinish(ctx, facts, op.jobId, i)
    else if (op.f === 'put-items' && op.type === 'ok') noteItems(ctx, facts, op.jobId, i)
  }
  return facts
}

/** An `info` completion, or an invoke nothing completed. */
function isUncertain(ctx: CheckContext, op: Operation, position: number): boolean {
  return op.type === 'info' || (op.type === 'invoke' && (ctx.partner[position] ?? -1) < 0)
}

function noteCreated(facts: Facts, op: Operation, position: number): void {
  const jobs = valueField(op, 'jobs')
  if (!Array.isArray(jobs)) return
  for (const job of jobs as { id?: unknown }[]) {
    if (typeof job.id === 'string' && !facts.created.has(job.id)) {
      facts.created.set(job.id, position)
    }
  }
}

function noteFinish(ctx: CheckContext, facts: Facts, jobId: string, position: number): void {
  const event = valueField(invokeOf(ctx, position), 'event')
  if (typeof event !== 'string') return
  const events = facts.finishEvents.get(jobId)
  if (events) events.add(event)
  else facts.finishEvents.set(jobId, new Set([event]))
  if (opAt(ctx, position).type !== 'ok') return
  const finishes = facts.okFinishes.get(jobId)
  if (finishes) finishes.push(position)
  else facts.okFinishes.set(jobId, [position])
}

function noteItems(ctx: CheckContext, facts: Facts, jobId: string, position: number): void {
  const items = valueField(invokeOf(ctx, position), 'items')
  if (!Array.isArray(items)) return
  let reports = facts.reports.get(jobId)
  if (!reports) facts.reports.set(jobId, (reports = new Map()))
  for (const item of items as { accountingEntryId?: unknown; status?: unknown }[]) {
    if (typeof item.accountingEntryId !== 'string') continue
    if (item.status !== 'successful' && item.status !== 'failed') continue
    reports.set(item.accountingEntryId, { status: item.status, position })
  }
}
