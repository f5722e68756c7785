// A plain model of one company's export jobs, written from the documented rules and not from the
// fake's code: which events each status accepts, when a job expires, what an item update does and
// what reset forgets. The model-based test runs commands against this and the real fake side by
// side; `flaw` switches one rule to a wrong one so a test can prove the comparison has teeth.

export type JobStatus =
  'pending' | 'in_progress' | 'completed' | 'completed_with_errors' | 'failed' | 'expired'
export type JobEvent = 'started' | 'completed' | 'completed_with_errors' | 'failed'
export type ItemStatus = 'pending' | 'in_progress' | 'failed' | 'successful' | 'abandoned'

/** A deliberately wrong rule, for the test that shows the property can fail. */
export type ModelFlaw = 'none' | 'second-start-accepted' | 'item-put-keeps-expiry'

export type ModelItem = { id: string; status: ItemStatus }

export type ModelJob = {
  id: string
  status: JobStatus
  lastUpdatedAt: number
  startedAt: number | null
  completedAt: number | null
  expiredAt: number | null
  items: ModelItem[]
}

export type Model = {
  /** The virtual clock (epoch ms). */
  now: number
  /** The clock when the fake started: reset returns to it. */
  readonly startedAt: number
  /** Seconds a pending or in_progress job lives without an accepted change. */
  readonly expiresIn: number
  jobs: ModelJob[]
  /** Ids of jobs a reset wiped out: they must now be unknown. */
  gone: string[]
  readonly flaw: ModelFlaw
}

/** What the fake should answer: a status and, for errors, the error type. */
export type Expected = { status: number; type?: string }

/** The documented moves: status → event → next status. Anything missing is refused (422). */
const moves: Record<JobStatus, Partial<Record<JobEvent, JobStatus>>> = {
  pending: { started: 'in_progress', failed: 'failed' },
  in_progress: {
    completed: 'completed',
    completed_with_errors: 'completed_with_errors',
    failed: 'failed',
  },
  completed: {},
  completed_with_errors: {},
  failed: {},
  expired: {},
}

export function createModel(startedAt: number, expiresIn: number, flaw: ModelFlaw): Model {
  return { now: startedAt, startedAt, expiresIn, jobs: [], gone: [], flaw }
}

export function isOpen(status: JobStatus): boolean {
  return status === 'pending' || status === 'in_progress'
}

export function findJob(model: Model, id: string): ModelJob | undefined {
  return model.jobs.find((job) => job.id === id)
}

export function addJob(model: Model, id: string, itemIds: string[]): ModelJob {
  const job: ModelJob = {
    id,
    status: 'pending',
    lastUpdatedAt: model.now,
    startedAt: null,
    completedAt: null,
    expiredAt: null,
    items: itemIds.map((itemId) => ({ id: itemId, status: 'pending' })),
  }
  model.jobs.push(job)
  return job
}

/** Expires every open job whose window has closed by `model.now`. */
export function settleExpiry(model: Model): void {
  for (const job of model.jobs) {
    const closesAt = job.lastUpdatedAt + model.expiresIn * 1000
    if (isOpen(job.status) && model.now >= closesAt) {
      job.status = 'expired'
      job.expiredAt = closesAt
      abandonUnfinishedItems(job)
    }
  }
}

function abandonUnfinishedItems(job: ModelJob): void {
  for (const item of job.items) {
    if (item.status === 'pending' || item.status === 'in_progress') item.status = 'abandoned'
  }
}

export function advanceClock(model: Model, seconds: number): void {
  model.now += seconds * 1000
  settleExpiry(model)
}

/** Reset: back to the start: no jobs, the start time; every known job is now gone. */
export function reset(model: Model): void {
  model.gone.push(...model.jobs.map((job) => job.id))
  model.jobs = []
  model.now = model.startedAt
}

/** Applies an event (or not) and says what the fake should answer. */
export function applyEvent(model: Model, id: string, event: JobEvent): Expected {
  settleExpiry(model)
  const job = findJob(model, id)
  if (!job) return { status: 404, type: 'EXPORT_NOT_FOUND' }
  const next = moves[job.status][event]
  if (next === undefined) {
    if (
      model.flaw === 'second-start-accepted' &&
      job.status === 'in_progress' &&
      event === 'started'
    )
      return { status: 202 }
    return { status: 422, type: 'INVALID_EXPORT_JOB_STATUS_CHANGE' }
  }
  job.status = next
  job.lastUpdatedAt = model.now
  if (event === 'started') job.startedAt = model.now
  else job.completedAt = model.now
  if (next === 'failed') abandonUnfinishedItems(job)
  return { status: 202 }
}

export type ItemChange = { id: string; status: ItemStatus }

/**
 * Applies item updates to an open job; ids the job does not hold are reported, not applied. Any
 * applied update refreshes lastUpdatedAt. A finished or expired job refuses the whole request.
 */
export function updateItems(model: Model, id: string, changes: ItemChange[]): Expected {
  settleExpiry(model)
  const job = findJob(model, id)
  if (!job) return { status: 404, type: 'EXPORT_NOT_FOUND' }
  if (!isOpen(job.status)) return { status: 422, type: 'EXPORT_JOB_STATUS_UNPROCESSABLE' }
  let applied = 0
  for (const change of changes) {
    const item = job.items.find((candidate) => candidate.id === change.id)
    if (!item) continue
    item.status = change.status
    applied += 1
  }
  if (applied > 0 && model.flaw !== 'item-put-keeps-expiry') job.lastUpdatedAt = model.now
  return { status: 200 }
}

/** The job as the fake should show it. */
export function expectedView(model: Model, job: ModelJob) {
  return {
    status: job.status,
    lastUpdatedAt: job.lastUpdatedAt,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    expiredAt: job.expiredAt,
    // Omitted (never null) when the job has none, as the spec's ExportJobV3 says.
    failureReasonType: job.status === 'expired' ? 'job_expired' : undefined,
    expiresIn: model.expiresIn,
  }
}
