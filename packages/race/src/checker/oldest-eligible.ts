// Invariant 4 of DESIGN §5: a worker only claims the oldest eligible job it saw. Each worker's
// listings are rebuilt page by page (page 1 starts one; an `ok` page with `hasNextPage: false`
// completes it; a refused or unknown page spoils it). A claim must target the oldest job
// (createdAt, then id) that was pending in the worker's latest complete listing and that the
// worker has not seen leave pending: an `ok` get with another status, or a claim of it that won
// or was refused with 422 (or 404). Statuses never return to pending, so a sighting at any time
// counts.
import type { ListedJob, Operation } from '../history.ts'
import { evidence, isWorker, opAt, valueField, violation, type CheckContext } from './context.ts'
import type { Violation } from './types.ts'

type Listing = { pages: number[]; spoiled: boolean }
/** A pending job of a listing and the position of the page that listed it. */
type Listed = { id: string; createdAt: string; key: string; position: number }
/** A complete listing: its pending jobs oldest first (the cursor skips those seen since). */
type Latest = { order: Listed[]; cursor: number }
type WorkerState = { building?: Listing; latest?: Latest; seen: Set<string> }

export function checkOldestEligible(ctx: CheckContext): Violation[] {
  const workers = new Map<number, WorkerState>()
  const out: Violation[] = []
  for (let i = 0; i < ctx.ops.length; i++) {
    const op = opAt(ctx, i)
    if (!isWorker(op.process)) continue
    let state = workers.get(op.process)
    if (!state) workers.set(op.process, (state = { seen: new Set() }))
    if (op.f === 'list') trackListing(ctx, state, i)
    else if (op.f === 'claim' && op.type === 'invoke') checkClaim(ctx, state, i, out)
    else if (leftPending(ctx, i)) state.seen.add(op.jobId as string)
  }
  return out
}

/** Whether this completion shows its job is no longer pending. */
function leftPending(ctx: CheckContext, position: number): boolean {
  const op = opAt(ctx, position)
  if (op.jobId === undefined) return false
  if (op.f === 'claim') {
    // A 429 or another refusal that did not look at the job says nothing about its status.
    const status = valueField(op, 'status')
    return op.type === 'ok' || (op.type === 'fail' && (status === 422 || status === 404))
  }
  return op.f === 'get' && op.type === 'ok' && valueField(op, 'status') !== 'pending'
}

function trackListing(ctx: CheckContext, state: WorkerState, position: number): void {
  const op = opAt(ctx, position)
  if (op.type === 'invoke') {
    if (valueField(op, 'page') === 1) state.building = { pages: [], spoiled: false }
    else state.building ??= { pages: [], spoiled: true }
    return
  }
  const building = state.building
  if (!building) return
  if (building.spoiled) return
  building.pages.push(position)
  if (op.type !== 'ok') {
    building.spoiled = true
    return
  }
  if (valueField(op, 'hasNextPage') === false) {
    state.latest = complete(ctx, building)
    state.building = undefined
  }
}

function complete(ctx: CheckContext, listing: Listing): Latest {
  const order: Listed[] = []
  for (const position of listing.pages) {
    const jobs = valueField(opAt(ctx, position), 'jobs')
    if (!Array.isArray(jobs)) continue
    for (const job of jobs as ListedJob[]) {
      if (job.status !== 'pending') continue
      order.push({ id: job.id, createdAt: job.createdAt, key: sortKey(job.createdAt), position })
    }
  }
  order.sort((a, b) => compare(a.key, b.key) || compare(a.id, b.id))
  return { order, cursor: 0 }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** createdAt as a string that sorts in time order: canonical ISO 8601 in UTC as is. */
function sortKey(createdAt: string): string {
  const canonical =
    createdAt.length === 24 && createdAt.charCodeAt(23) === 90 && createdAt.charCodeAt(10) === 84
  if (canonical) return createdAt
  const at = Date.parse(createdAt)
  return Number.isNaN(at) ? createdAt : new Date(at).toISOString()
}

/** The position of the listing page that listed this job, if any. */
const pageOf = (latest: Latest, jobId: string | undefined): number | undefined =>
  latest.order.find((job) => job.id === jobId)?.position

/** The oldest listed job not seen leaving pending (the cursor only moves forward). */
function oldest(latest: Latest, seen: Set<string>): Listed | undefined {
  let job = latest.order[latest.cursor]
  while (job && seen.has(job.id)) job = latest.order[++latest.cursor]
  return job
}

function checkClaim(ctx: CheckContext, state: WorkerState, position: number, out: Violation[]) {
  const op = opAt(ctx, position)
  const latest = state.latest
  if (!latest) {
    const message = `worker ${op.process} claimed job ${op.jobId} without a complete listing before it`
    const ops = evidence(ctx, position, ...(state.building?.pages ?? []))
    out.push(violation(4, 'claim-without-listing', message, ops, about(op)))
    return
  }
  const expected = oldest(latest, state.seen)
  if (expected?.id !== op.jobId) out.push(notOldest(ctx, latest, expected, position))
}

function notOldest(
  ctx: CheckContext,
  latest: Latest,
  expected: Listed | undefined,
  position: number,
): Violation {
  const op = opAt(ctx, position)
  const message = expected
    ? `worker ${op.process} claimed job ${op.jobId} but the oldest eligible job in its latest ` +
      `listing was ${expected.id} (created ${expected.createdAt})`
    : `worker ${op.process} claimed job ${op.jobId} but its latest listing had no eligible job left`
  const pages = [expected?.position, pageOf(latest, op.jobId)]
  const positions = pages.filter((page): page is number => page !== undefined)
  return violation(4, 'oldest-eligible', message, evidence(ctx, position, ...positions), about(op))
}

const about = (op: Operation) => ({ jobId: op.jobId, process: op.process })
