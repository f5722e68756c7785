// Invariant 6 of DESIGN §5: the fake's final state agrees with the history. Every job the
// nemesis created exists at the end and every final job was created in the history (a create
// whose outcome is unknown, cut off on its way or never answered, may explain one job the
// history cannot name: jobs no create made are reported only when they outnumber those); a won claim
// leaves no job pending; a finished status has a finish with that event behind it (`ok` or
// `info`), an `ok` finish agrees with the final status and an expired job has none; the last
// successful or failed status a worker put for an item is the item's final status.
import { finishedJobStatuses } from '@fake-pleo/contract'
import type { FinalJob } from '../final-state.ts'
import { evidence, invokeOf, opAt, valueField, violation, type CheckContext } from './context.ts'
import { collectFacts, type Facts } from './history-facts.ts'
import type { Violation } from './types.ts'

const finishedStatuses = new Set<string>(finishedJobStatuses)

export function checkHistoryExplainsState(ctx: CheckContext): Violation[] {
  const facts = collectFacts(ctx)
  const out: Violation[] = []
  for (const [jobId, position] of facts.created) {
    if (ctx.finalJobs.has(jobId)) continue
    const message = `job ${jobId} was created in the history but is missing from the final state`
    out.push(violation(6, 'created-job-exists', message, evidence(ctx, position), { jobId }))
  }
  out.push(...jobsNoCreateMade(ctx, facts))
  for (const job of ctx.finalJobs.values()) {
    for (const check of jobChecks) {
      const found = check(ctx, facts, job)
      if (found) out.push(found)
    }
  }
  return out
}

type JobCheck = (ctx: CheckContext, facts: Facts, job: FinalJob) => Violation | undefined

function jobsNoCreateMade(ctx: CheckContext, facts: Facts): Violation[] {
  const unexplained = [...ctx.finalJobs.values()].filter((job) => !facts.created.has(job.id))
  if (unexplained.length <= facts.uncertainCreates) return []
  const unknown =
    facts.uncertainCreates === 0
      ? ''
      : ` (${unexplained.length} such jobs, ${facts.uncertainCreates} creates of unknown outcome)`
  return unexplained.map((job) => {
    const message = `job ${job.id} is in the final state but no create in the history made it${unknown}`
    return violation(6, 'final-job-created', message, [], { jobId: job.id })
  })
}

const jobChecks: JobCheck[] = [
  (ctx, facts, job) => {
    const claim = facts.claimed.get(job.id)
    if (claim === undefined || job.status !== 'pending') return undefined
    const message = `job ${job.id} was claimed (operation ${opAt(ctx, claim).index}) but ended pending`
    return violation(6, 'claimed-not-pending', message, evidence(ctx, claim), { jobId: job.id })
  },
  (_ctx, facts, job) => {
    if (!finishedStatuses.has(job.status) || facts.finishEvents.get(job.id)?.has(job.status)) {
      return undefined
    }
    const message = `job ${job.id} ended ${job.status} but no finish with that event was sent`
    return violation(6, 'status-has-finish', message, [], { jobId: job.id })
  },
  (ctx, facts, job) => {
    const finish = facts.okFinishes.get(job.id)?.find((p) => eventOf(ctx, p) !== job.status)
    if (finish === undefined) return undefined
    const event = eventOf(ctx, finish)
    const [rule, message] =
      job.status === 'expired'
        ? [
            'expired-not-finished',
            `job ${job.id} ended expired although a ${event} finish was accepted`,
          ]
        : [
            'finish-matches-status',
            `job ${job.id} ended ${job.status} although a ${event} finish was accepted`,
          ]
    return violation(6, rule, message, evidence(ctx, finish), { jobId: job.id })
  },
  checkItems,
]

const eventOf = (ctx: CheckContext, position: number): unknown =>
  valueField(invokeOf(ctx, position), 'event')

function checkItems(ctx: CheckContext, facts: Facts, job: FinalJob): Violation | undefined {
  const reports = facts.reports.get(job.id)
  if (!reports || !job.items) return undefined
  let first: { entry: string; put: string; final: string; position: number } | undefined
  let count = 0
  for (const item of job.items) {
    const report = reports.get(item.accountingEntryId)
    if (!report || report.status === item.status) continue
    count++
    first ??= {
      entry: item.accountingEntryId,
      put: report.status,
      final: item.status,
      position: report.position,
    }
  }
  if (!first) return undefined
  const others = count > 1 ? ` (${count - 1} more items disagree)` : ''
  const message =
    `item ${first.entry} of job ${job.id} ended ${first.final} although the last status put for ` +
    `it was ${first.put}${others}`
  return violation(6, 'item-status-matches', message, evidence(ctx, first.position), {
    jobId: job.id,
    process: opAt(ctx, first.position).process,
  })
}
