// Invariant 5 of DESIGN §5: once the run drains, every job is completed, completed with errors,
// failed or expired; nothing is lost or stuck. A job left pending or in progress is reported with
// the last operation that touched it successfully, if any.
import { finalJobStatuses } from '@fake-pleo/contract'
import { evidence, opAt, violation, type CheckContext } from './context.ts'
import type { Violation } from './types.ts'

const finalStatuses = new Set<string>(finalJobStatuses)

export function checkNothingStuck(ctx: CheckContext): Violation[] {
  const lastOk = new Map<string, number>()
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (op.type === 'ok' && op.jobId !== undefined) lastOk.set(op.jobId, i)
  }
  const out: Violation[] = []
  for (const job of ctx.finalJobs.values()) {
    if (finalStatuses.has(job.status)) continue
    const last = lastOk.get(job.id)
    const message = `job ${job.id} ended the run ${job.status}, neither finished nor expired`
    out.push(violation(5, 'nothing-stuck', message, evidence(ctx, last ?? -1), { jobId: job.id }))
  }
  return out
}
