// Cheap counts of what a history holds, gathered in one pass for summaries next to the verdict:
// operations, jobs, workers, claims won, lost and unknown, finishes, crashes and restarts.
import { isWorker, opAt, valueField, type CheckContext } from './context.ts'
import type { Operation } from '../history.ts'
import type { CheckCounts } from './types.ts'

export function countHistory(ctx: CheckContext, violations: number): CheckCounts {
  const counts: CheckCounts = {
    operations: ctx.ops.length,
    jobs: ctx.finalJobs.size,
    jobsCreated: 0,
    workers: 0,
    claimsWon: 0,
    claimsLost: 0,
    claimsUnknown: 0,
    finishesOk: 0,
    crashes: 0,
    restarts: 0,
    violations,
  }
  const workers = new Set<number>()
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (isWorker(op.process)) workers.add(op.process)
    if (op.type !== 'invoke') countCompletion(counts, op)
  }
  counts.workers = workers.size
  return counts
}

function countCompletion(counts: CheckCounts, op: Operation): void {
  const { f, type } = op
  if (f === 'claim') {
    if (type === 'ok') counts.claimsWon++
    else if (type === 'fail') counts.claimsLost++
    else counts.claimsUnknown++
  } else if (f === 'finish' && type === 'ok') counts.finishesOk++
  else if (f === 'crash') counts.crashes++
  else if (f === 'restart') counts.restarts++
  else if (f === 'create' && type === 'ok') {
    const jobs = valueField(op, 'jobs')
    if (Array.isArray(jobs)) counts.jobsCreated += jobs.length
  }
}
