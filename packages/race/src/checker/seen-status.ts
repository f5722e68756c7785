// What the history itself has read about each job: the first `ok` get whose answer showed the job
// in progress or ended. Statuses only move forward (pending → in_progress → ended), so once a get
// has shown a job claimed, every later `started` must be refused, and once one has shown it ended,
// every later event or item update must be refused. The checks of invariants 1 and 2 read this to
// judge the server's answers to zombie moves (and to any worker's), with the get as evidence.
import { opAt, valueField, type CheckContext } from './context.ts'

export type Sighting = { position: number; status: string }

export type SeenStatus = {
  /** First `ok` get showing the job no longer pending. */
  claimed: Map<string, Sighting>
  /** First `ok` get showing the job ended (finished or expired). */
  ended: Map<string, Sighting>
}

export function collectSeenStatus(ctx: CheckContext): SeenStatus {
  const seen: SeenStatus = { claimed: new Map(), ended: new Map() }
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (op.f !== 'get' || op.type !== 'ok' || op.jobId === undefined) continue
    const status = valueField(op, 'status')
    if (typeof status !== 'string' || status === 'pending') continue
    if (!seen.claimed.has(op.jobId)) seen.claimed.set(op.jobId, { position: i, status })
    if (status !== 'in_progress' && !seen.ended.has(op.jobId)) {
      seen.ended.set(op.jobId, { position: i, status })
    }
  }
  return seen
}

/** Whether the sighting was answered before the operation at `invokeIndex` was sent. */
export const seenBefore = (
  ctx: CheckContext,
  sighting: Sighting | undefined,
  invokeIndex: number,
) => sighting !== undefined && opAt(ctx, sighting.position).index < invokeIndex
