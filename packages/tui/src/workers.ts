// What each worker is doing, derived from its operations, its pass reports and the engine's
// worker events: one row per worker (state, current job, claims won and lost, jobs completed,
// last error). Rows are immutable; these functions change the draft map the race reducer copies
// once per batch of events (a copy per event would cost O(workers) each) and return it.
import type { PassReport } from '@fake-pleo/client/claimer'
import type { LiveEvent, Operation, WorkerTrigger } from './race-types.ts'

export type WorkerActivity =
  | 'idle'
  | 'listing'
  | 'verifying'
  | 'claiming'
  | 'processing'
  | 'completing'
  | 'backing off'
  | 'crashed'
  | 'paused'

export type WorkerRow = {
  id: number
  trigger: WorkerTrigger | null
  activity: WorkerActivity
  jobId: string | null
  /** Items reported (ok put-items) for the current job. */
  reported: number
  /** Items in the put-items request in flight. */
  reporting: number
  won: number
  lost: number
  completed: number
  lastError: string | null
}

export type Workers = ReadonlyMap<number, WorkerRow>
/** The reducer's copy of the rows for one batch of events, changed in place. */
export type WorkersDraft = Map<number, WorkerRow>

const newWorker = (id: number, trigger: WorkerTrigger | null = null): WorkerRow => ({
  id,
  trigger,
  activity: 'idle',
  jobId: null,
  reported: 0,
  reporting: 0,
  won: 0,
  lost: 0,
  completed: 0,
  lastError: null,
})

const update = (
  draft: WorkersDraft,
  id: number,
  change: (row: WorkerRow) => WorkerRow,
): WorkersDraft => {
  draft.set(id, change(draft.get(id) ?? newWorker(id)))
  return draft
}

/** The HTTP status and error of a failed or unknown completion, if it carries them. */
export function failureOf(op: Operation): { status?: number; error: string } | null {
  const value = op.value
  if (op.type === 'ok' || op.type === 'invoke' || !value || typeof value !== 'object') return null
  if (!('error' in value) || typeof value.error !== 'string') return null
  const status = 'status' in value && typeof value.status === 'number' ? value.status : undefined
  return { ...(status !== undefined ? { status } : {}), error: value.error }
}

const describeFailure = (op: Operation): string => {
  const failure = failureOf(op)
  if (!failure) return `${op.f} ${op.type}`
  return `${op.f}: ${failure.status ?? '-'} ${failure.error}`
}

const itemsIn = (op: Operation): number => {
  const value = op.value
  return value && typeof value === 'object' && 'items' in value && Array.isArray(value.items)
    ? value.items.length
    : 0
}

const invokeActivity: Partial<Record<Operation['f'], WorkerActivity>> = {
  list: 'listing',
  get: 'verifying',
  claim: 'claiming',
  'get-items': 'processing',
  'put-items': 'processing',
  'export-items': 'processing',
  finish: 'completing',
}

function onInvoke(row: WorkerRow, op: Operation): WorkerRow {
  const activity = invokeActivity[op.f] ?? row.activity
  const reporting = op.f === 'put-items' ? itemsIn(op) : row.reporting
  return { ...row, activity, reporting }
}

function onOk(row: WorkerRow, op: Operation): WorkerRow {
  switch (op.f) {
    case 'claim':
      return {
        ...row,
        activity: 'processing',
        jobId: op.jobId ?? null,
        won: row.won + 1,
        reported: 0,
      }
    case 'put-items':
      return { ...row, reported: row.reported + row.reporting, reporting: 0 }
    case 'finish':
      return { ...row, activity: 'idle', jobId: null, reported: 0, completed: row.completed + 1 }
    case 'list': {
      const value = op.value
      const jobs = value && typeof value === 'object' && 'jobs' in value ? value.jobs : undefined
      const empty = Array.isArray(jobs) && jobs.length === 0
      return empty && row.jobId === null ? { ...row, activity: 'idle' } : row
    }
    default:
      return row
  }
}

function onFailure(row: WorkerRow, op: Operation): WorkerRow {
  const failure = failureOf(op)
  if (op.f === 'claim' && op.type === 'fail' && failure?.status === 422)
    return { ...row, activity: 'backing off', lost: row.lost + 1, lastError: describeFailure(op) }
  if (op.f === 'put-items') return { ...row, reporting: 0, lastError: describeFailure(op) }
  return { ...row, lastError: describeFailure(op) }
}

/** One operation of a worker process (nemesis operations leave the rows alone). */
export function applyOperation(draft: WorkersDraft, op: Operation): WorkersDraft {
  if (op.process === 'nemesis') return draft
  if (op.f === 'crash') return update(draft, op.process, (row) => ({ ...row, activity: 'crashed' }))
  if (op.f === 'restart') return update(draft, op.process, (row) => ({ ...row, activity: 'idle' }))
  if (op.f === 'create' || op.f === 'advance-clock' || op.f === 'faults') return draft
  if (op.f === 'pause') return update(draft, op.process, (row) => ({ ...row, activity: 'paused' }))
  return update(draft, op.process, (row) => {
    if (op.type === 'invoke') return onInvoke(row, op)
    if (op.type === 'ok') return onOk(row, op)
    return onFailure(row, op)
  })
}

/** A pass report refines the row: errors, and the job it let go of. */
export function applyPass(draft: WorkersDraft, worker: number, report: PassReport): WorkersDraft {
  return update(draft, worker, (row) => {
    switch (report.kind) {
      case 'error':
        return { ...row, lastError: `${report.error.status} ${report.error.type}` }
      case 'expired':
        return { ...row, activity: 'idle', jobId: null, reported: 0, lastError: 'job expired' }
      case 'failed':
        return {
          ...row,
          activity: 'idle',
          jobId: null,
          reported: 0,
          lastError: report.failureReason,
        }
      case 'idle':
      case 'lost-race':
      case 'completed':
        return row.activity === 'crashed' ? row : { ...row, activity: 'idle', jobId: null }
    }
  })
}

type WorkerEvent = Extract<
  LiveEvent,
  { type: 'worker-added' | 'worker-removed' | 'worker-killed' | 'worker-restarted' }
>

export function applyWorkerEvent(draft: WorkersDraft, event: WorkerEvent): WorkersDraft {
  switch (event.type) {
    case 'worker-added':
      return update(draft, event.worker, (row) => ({ ...row, trigger: event.trigger }))
    case 'worker-removed': {
      draft.delete(event.worker)
      return draft
    }
    case 'worker-killed':
      return update(draft, event.worker, (row) => ({ ...row, activity: 'crashed' }))
    case 'worker-restarted':
      return update(draft, event.worker, (row) => ({ ...row, activity: 'idle' }))
  }
}

/** The state column's text: "processing, 3 reported" while a job is held. */
export function describeActivity(row: WorkerRow): string {
  if (row.activity === 'processing') return `processing, ${row.reported} reported`
  return row.activity
}
