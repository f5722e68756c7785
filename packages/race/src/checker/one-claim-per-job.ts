// Invariant 1 of DESIGN §5: at most one `started` per job is accepted. Every `ok` claim of a job
// counts, the nemesis's steals included; a job claimed twice is reported once, with every
// winning claim as evidence.
import { evidence, opAt, processName, violation, type CheckContext } from './context.ts'
import type { Violation } from './types.ts'

export function checkOneClaimPerJob(ctx: CheckContext): Violation[] {
  const wins = new Map<string, number[]>()
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (op.type !== 'ok' || op.f !== 'claim' || op.jobId === undefined) continue
    const positions = wins.get(op.jobId)
    if (positions) positions.push(i)
    else wins.set(op.jobId, [i])
  }
  const out: Violation[] = []
  for (const [jobId, positions] of wins) {
    if (positions.length > 1) out.push(doubleClaim(ctx, jobId, positions))
  }
  return out
}

function doubleClaim(ctx: CheckContext, jobId: string, positions: number[]): Violation {
  const processes = positions.map((position) => opAt(ctx, position).process)
  const names = processes.map(processName).join(', ')
  const single = new Set(processes).size === 1 ? processes[0] : undefined
  return violation(
    1,
    'one-claim-per-job',
    `job ${jobId} was claimed ${positions.length} times (by ${names}); only one claim may win`,
    evidence(ctx, ...positions),
    { jobId, process: single },
  )
}
