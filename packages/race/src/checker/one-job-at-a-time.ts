// Invariant 3 of DESIGN §5: a worker holds at most one job at a time. Holding a job starts with
// the worker's `ok` claim of it, or an `ok` put-items on it (work resumed after a restart), and
// ends with the worker's finish completion on it (any outcome), a refused put-items, an `ok` get
// showing it no longer in progress, or the worker's crash. A claim, put-items or finish sent for
// another job meanwhile breaks it; each holding is reported once.
import { evidence, isWorker, opAt, valueField, violation, type CheckContext } from './context.ts'
import type { Operation } from '../history.ts'
import type { Violation } from './types.ts'

type Holding = { jobId: string; start: number; reported: boolean }

const actions = new Set(['claim', 'put-items', 'finish'])

export function checkOneJobAtATime(ctx: CheckContext): Violation[] {
  const held = new Map<number, Holding>()
  const out: Violation[] = []
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (!isWorker(op.process)) continue
    if (op.f === 'crash') held.delete(op.process)
    else if (op.jobId === undefined) continue
    else if (op.type === 'invoke') checkInvoke(ctx, held.get(op.process), i, out)
    else track(held, op, i)
  }
  return out
}

function checkInvoke(
  ctx: CheckContext,
  holding: Holding | undefined,
  position: number,
  out: Violation[],
): void {
  const op = opAt(ctx, position)
  if (!actions.has(op.f) || !holding || holding.jobId === op.jobId || holding.reported) return
  holding.reported = true
  const verb = op.f === 'put-items' ? 'put items of' : `sent a ${op.f} of`
  out.push(
    violation(
      3,
      'one-job-at-a-time',
      `worker ${op.process} ${verb} job ${op.jobId} while still holding job ${holding.jobId} ` +
        `(held since operation ${opAt(ctx, holding.start).index})`,
      evidence(ctx, holding.start, position),
      { jobId: op.jobId, process: op.process },
    ),
  )
}

function track(held: Map<number, Holding>, op: Operation, position: number): void {
  const worker = op.process as number
  const jobId = op.jobId as string
  const holding = held.get(worker)
  const mine = holding?.jobId === jobId
  if (op.type === 'ok' && op.f === 'claim')
    held.set(worker, { jobId, start: position, reported: false })
  else if (op.type === 'ok' && op.f === 'put-items' && !mine) {
    held.set(worker, { jobId, start: position, reported: false })
  } else if (mine && releases(op)) held.delete(worker)
}

function releases(op: Operation): boolean {
  if (op.f === 'finish') return true
  if (op.f === 'put-items') return op.type === 'fail'
  return op.f === 'get' && op.type === 'ok' && valueField(op, 'status') !== 'in_progress'
}
