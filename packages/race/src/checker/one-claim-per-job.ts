// Invariant 1 of DESIGN §5: at most one `started` per job is accepted. Every `ok` claim of a job
// counts, the nemesis's steals included; a job claimed twice is reported once, with every
// winning claim as evidence. A claim accepted after an `ok` get had already shown the job claimed
// or ended (a zombie's stale verify) breaks it too, even when the first claim's answer was lost.
import { evidence, invokeOf, opAt, processName, violation, type CheckContext } from './context.ts'
import { collectSeenStatus, seenBefore } from './seen-status.ts'
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
  const seen = collectSeenStatus(ctx)
  for (const [jobId, positions] of wins) {
    if (positions.length > 1) out.push(doubleClaim(ctx, jobId, positions))
    else {
      const stale = positions.find((p) =>
        seenBefore(ctx, seen.claimed.get(jobId), invokeOf(ctx, p).index),
      )
      if (stale !== undefined) out.push(claimOfClaimed(ctx, jobId, stale, seen.claimed.get(jobId)))
    }
  }
  return out
}

function claimOfClaimed(
  ctx: CheckContext,
  jobId: string,
  position: number,
  sighting: { position: number; status: string } | undefined,
): Violation {
  const op = opAt(ctx, position)
  const read = sighting ? opAt(ctx, sighting.position) : undefined
  return violation(
    1,
    'one-claim-per-job',
    `${processName(op.process)}'s claim of job ${jobId} was accepted although operation ` +
      `${read?.index ?? '?'} had already read the job ${sighting?.status ?? 'claimed'}; only one ` +
      `claim may win`,
    evidence(ctx, sighting?.position ?? -1, position),
    { jobId, process: op.process },
  )
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
