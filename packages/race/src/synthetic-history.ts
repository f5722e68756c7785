// Synthetic race histories for the checker's tests and benchmark: a seeded, in-memory model of
// the fake and of reference workers (list page by page, claim the oldest eligible job, read and
// put its items, finish it; losers get 422 and move on), interleaved one invoke or completion
// at a time, with a nemesis that creates jobs, moves the clock (expiring a pending job), steals
// and fails jobs, and crashes workers that resume their job after restarting. Every history it
// produces is valid: all six invariants hold and every job ends in a final status.
import { createRandom, type ExportJobStatus } from '@fake-pleo/contract'
import type { FinalItem, FinalState } from './final-state.ts'
import {
  createRecorder,
  type ListedJob,
  type Operation,
  type OperationType,
  type OperationValue,
} from './history.ts'

export type SyntheticOptions = { operations: number; workers?: number; seed?: number }
export type SyntheticHistory = { history: Operation[]; finalState: FinalState }

type Job = {
  id: string
  at: number
  listed: ListedJob
  status: ExportJobStatus
  expiredAt: string | null
  items: FinalItem[]
}
type Phase = 'list' | 'claim' | 'get-items' | 'put-items' | 'finish' | 'resume' | 'done'
type Complete = (type: Exclude<OperationType, 'invoke'>, value?: OperationValue) => Operation
type Worker = {
  id: number
  phase: Phase
  page: number
  building: Job[]
  listing: Job[]
  cursor: number
  seen: Set<string>
  job?: Job
  inflight?: () => void
}

const pageSize = 10
const unprocessable = { status: 422, error: 'EXPORT_JOB_STATUS_UNPROCESSABLE' }
const conflict = { status: 422, error: 'INVALID_EXPORT_JOB_STATUS_CHANGE' }

export function syntheticHistory(options: SyntheticOptions): SyntheticHistory {
  const sim = createSimulation(options)
  while (sim.step());
  const jobs = [...sim.jobs.values()].map(({ id, listed, status, expiredAt, items }) => ({
    id,
    status,
    createdAt: listed.createdAt,
    expiredAt,
    items,
  }))
  return { history: sim.recorder.operations, finalState: { jobs } }
}

type Simulation = ReturnType<typeof createSimulation>

function createSimulation(options: SyntheticOptions) {
  const random = createRandom(options.seed ?? 1)
  let clock = Date.parse('2025-03-01T09:00:00.000Z')
  let nanos = 0
  const recorder = createRecorder({ sim: () => clock, nanos: () => (nanos += 1000) })
  const workers: Worker[] = Array.from({ length: options.workers ?? 8 }, (_, id) => ({
    id,
    phase: 'list',
    page: 1,
    building: [],
    listing: [],
    cursor: 0,
    seen: new Set(),
  }))
  const sim = {
    random,
    recorder,
    workers,
    jobs: new Map<string, Job>(),
    pending: [] as Job[],
    target: options.operations,
    lastCreated: 0,
    entries: 0,
    now: () => clock,
    tick: (ms: number) => (clock += ms),
    creating: () => recorder.operations.length < options.operations,
    step: (): boolean => step(sim),
  }
  return sim
}

function step(sim: Simulation): boolean {
  sim.tick(sim.random.int(1, 20))
  if (sim.creating() && (sim.pending.length === 0 || sim.random.next() < 0.02)) nemesis(sim)
  const active = sim.workers.filter((w) => w.phase !== 'done')
  if (active.length === 0) return false
  const worker = sim.random.pick(active)
  if (worker.inflight) {
    const complete = worker.inflight
    worker.inflight = undefined
    complete()
  } else act(sim, worker)
  return true
}

function nemesis(sim: Simulation): void {
  const roll = sim.random.next()
  if (sim.pending.length < sim.workers.length * 2) create(sim)
  else if (roll < 0.4) expireOldest(sim)
  else if (roll < 0.7) steal(sim)
  else crash(sim)
}

function create(sim: Simulation): void {
  const complete = sim.recorder.invoke('nemesis', 'create', undefined, {})
  const created: { id: string; createdAt: string }[] = []
  for (let n = sim.random.int(1, 6); n > 0; n--) {
    const at = (sim.lastCreated = Math.max(sim.now(), sim.lastCreated + 1))
    const id = sim.random.uuid()
    const createdAt = new Date(at).toISOString()
    const items = Array.from({ length: sim.random.int(1, 3) }, () => ({
      accountingEntryId: `entry-${++sim.entries}`,
      status: 'pending',
    }))
    const listed = { id, createdAt, status: 'pending' }
    const job: Job = { id, at, listed, status: 'pending', expiredAt: null, items }
    sim.jobs.set(id, job)
    sim.pending.push(job)
    created.push({ id, createdAt })
  }
  complete('ok', { jobs: created })
}

function leavePending(sim: Simulation, job: Job, status: ExportJobStatus): void {
  job.status = status
  const at = sim.pending.indexOf(job)
  if (at >= 0) sim.pending.splice(at, 1)
}

function expireOldest(sim: Simulation): void {
  const seconds = sim.random.int(60, 3600)
  sim.tick(seconds * 1000)
  const note = sim.recorder.note('nemesis', 'advance-clock', { seconds })
  const job = sim.pending[0]
  if (!job) return
  leavePending(sim, job, 'expired')
  job.expiredAt = new Date(note.sim).toISOString()
}

function steal(sim: Simulation): void {
  const job = sim.pending[sim.random.int(0, sim.pending.length - 1)]
  if (!job) return
  sim.recorder.invoke('nemesis', 'claim', job.id, { event: 'started' })('ok')
  leavePending(sim, job, 'in_progress')
  sim.recorder.invoke('nemesis', 'finish', job.id, { event: 'failed' })('ok')
  job.status = 'failed'
}

/** Kills a worker between two requests while it works on a job; it restarts and resumes. */
function crash(sim: Simulation): void {
  const worker = sim.workers.find((w) => w.job && !w.inflight && w.phase !== 'resume')
  if (!worker) return
  sim.recorder.note(worker.id, 'crash')
  sim.recorder.note(worker.id, 'restart')
  worker.phase = 'resume'
}

/** Invokes a worker's request now; `then` completes it on one of the worker's later steps. */
function send(
  sim: Simulation,
  worker: Worker,
  f: Operation['f'],
  value: OperationValue | undefined,
  then: (complete: Complete) => void,
): void {
  const complete: Complete = sim.recorder.invoke(worker.id, f, worker.job?.id, value)
  worker.inflight = () => then(complete)
}

function act(sim: Simulation, worker: Worker): void {
  if (worker.phase === 'list') list(sim, worker)
  else if (worker.phase === 'claim') claim(sim, worker)
  else work(sim, worker, worker.job as Job)
}

function list(sim: Simulation, worker: Worker): void {
  if (!sim.creating() && sim.pending.length === 0) {
    worker.phase = 'done'
    return
  }
  const page = worker.page
  if (page === 1) worker.building = []
  send(sim, worker, 'list', { page }, (complete) => {
    const jobs = sim.pending.slice((page - 1) * pageSize, page * pageSize)
    const hasNextPage = page * pageSize < sim.pending.length
    complete('ok', { jobs: jobs.map((job) => job.listed), page, hasNextPage })
    worker.building.push(...jobs)
    worker.page = hasNextPage ? page + 1 : 1
    if (!hasNextPage) completeListing(worker)
  })
}

function completeListing(worker: Worker): void {
  const unique = [...new Set(worker.building)]
  worker.listing = unique.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
  worker.cursor = 0
  worker.phase = 'claim'
}

function claim(sim: Simulation, worker: Worker): void {
  let job = worker.listing[worker.cursor]
  while (job && worker.seen.has(job.id)) job = worker.listing[++worker.cursor]
  if (!job) {
    worker.phase = 'list'
    return list(sim, worker)
  }
  const target = job
  worker.job = target
  send(sim, worker, 'claim', { event: 'started' }, (complete) => {
    worker.seen.add(target.id)
    if (target.status !== 'pending') {
      worker.job = undefined
      complete('fail', conflict)
      return
    }
    leavePending(sim, target, 'in_progress')
    complete('ok')
    worker.phase = 'get-items'
  })
}

function work(sim: Simulation, worker: Worker, job: Job): void {
  const phase = worker.phase
  if (phase === 'resume') {
    send(sim, worker, 'get', undefined, (complete) => {
      complete('ok', { status: job.status, lastUpdatedAt: null })
      worker.phase = 'put-items'
    })
  } else if (phase === 'get-items') {
    send(sim, worker, 'get-items', { page: 1 }, (complete) => {
      complete('ok', { page: 1, hasNextPage: false, count: job.items.length })
      worker.phase = 'put-items'
    })
  } else if (phase === 'put-items') putItems(sim, worker, job)
  else finish(sim, worker, job)
}

function putItems(sim: Simulation, worker: Worker, job: Job): void {
  const items = job.items.map(({ accountingEntryId }) => ({
    accountingEntryId,
    status: sim.random.next() < 0.9 ? 'successful' : 'failed',
  }))
  send(sim, worker, 'put-items', { items }, (complete) => {
    if (job.status !== 'in_progress') {
      complete('fail', unprocessable)
      release(worker)
      return
    }
    job.items = items
    complete('ok')
    worker.phase = 'finish'
  })
}

function finish(sim: Simulation, worker: Worker, job: Job): void {
  const errors = job.items.some((item) => item.status === 'failed')
  const event: ExportJobStatus =
    sim.random.next() < 0.02 ? 'failed' : errors ? 'completed_with_errors' : 'completed'
  send(sim, worker, 'finish', { event }, (complete) => {
    if (job.status === 'in_progress') {
      job.status = event
      complete('ok')
    } else complete('fail', conflict)
    release(worker)
  })
}

function release(worker: Worker): void {
  worker.job = undefined
  worker.phase = 'list'
}
