// A counterexample as a timeline to step through: one step per recorded operation (invokes and
// completions apart, so the interleaving shows), and after each step what every process is doing
// and holding and each job's status as the history shows it (accepted writes move a job, reads
// observe it). The violation's operations are marked, and the step of its last operation is where
// the invariant breaks. Pure: the live view and the headless report both read it.
import type { Violation } from '../checker/types.ts'
import type { Operation, Process } from '../history.ts'

export type TimelineJob = {
  label: string
  id: string
  status: string
  /** Processes whose accepted claim on the job has not been followed by an accepted finish. */
  holders: Process[]
  /** Accepted `started` events so far. */
  claims: number
}

export type TimelineProcess = {
  process: Process
  /** Jobs it claimed and has not finished (more than one is a broken invariant). */
  holding: string[]
  /** The request it is waiting on, if any. */
  waiting: string | null
  /** What its last completed operation was. */
  last: string | null
}

export type TimelineStep = {
  operation: Operation
  /** The operation in one line, jobs by label. */
  text: string
  /** Part of the violation's evidence. */
  evidence: boolean
  /** The invariant breaks here (the last operation of the violation's evidence). */
  breaks: boolean
  processes: TimelineProcess[]
  jobs: TimelineJob[]
}

export type Timeline = { steps: TimelineStep[]; violation: Violation | null; breakStep: number }

type Draft = { jobs: Map<string, TimelineJob>; processes: Map<Process, TimelineProcess> }

const whoOf = (process: Process) => (process === 'nemesis' ? 'nemesis' : `worker ${process}`)

function jobLabel(draft: Draft, id: string): TimelineJob {
  let job = draft.jobs.get(id)
  if (!job) {
    job = { label: `J${draft.jobs.size + 1}`, id, status: 'unknown', holders: [], claims: 0 }
    draft.jobs.set(id, job)
  }
  return job
}

function processOf(draft: Draft, process: Process): TimelineProcess {
  let entry = draft.processes.get(process)
  if (!entry) {
    entry = { process, holding: [], waiting: null, last: null }
    draft.processes.set(process, entry)
  }
  return entry
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}

const listed = (value: unknown) =>
  Array.isArray(record(value).jobs) ? (record(value).jobs as { id: string; status?: string }[]) : []

/** What an operation says, in a few words (jobs by label). */
function describe(draft: Draft, op: Operation): string {
  const value = record(op.value)
  const job = op.jobId !== undefined ? ` ${jobLabel(draft, op.jobId).label}` : ''
  let detail = ''
  if (op.f === 'list' && op.type === 'ok') {
    detail = ` [${listed(op.value)
      .map((j) => `${jobLabel(draft, j.id).label} ${j.status ?? ''}`.trim())
      .join(', ')}]`
  } else if (op.f === 'get' && op.type === 'ok') detail = ` → ${String(value.status)}`
  else if (op.f === 'finish' && op.type === 'invoke') detail = ` ${String(value.event)}`
  else if (op.f === 'put-items' && op.type === 'invoke' && Array.isArray(value.items))
    detail = ` ${value.items.length} items`
  else if (op.f === 'zombie') detail = ` ${String(value.move)}`
  else if (op.type === 'fail' || op.type === 'info') {
    const status = value.status === undefined ? '' : String(value.status)
    const error = value.error === undefined ? '' : String(value.error)
    detail = status || error ? ` (${[status, error].filter(Boolean).join(' ')})` : ''
  }
  return `${whoOf(op.process)} ${op.type} ${op.f}${job}${detail}`
}

/** Moves the draft's jobs and processes by one operation. */
function apply(draft: Draft, op: Operation, text: string, finishing: Map<Process, string>) {
  const proc = processOf(draft, op.process)
  if (op.type === 'invoke') {
    proc.waiting = text
    if (op.f === 'finish') finishing.set(op.process, String(record(op.value).event))
    return
  }
  proc.waiting = null
  proc.last = text
  if (op.f === 'create' && op.type === 'ok') {
    for (const j of listed(op.value)) jobLabel(draft, j.id).status = 'pending'
  }
  if (op.f === 'list' && op.type === 'ok') {
    for (const j of listed(op.value)) if (j.status) jobLabel(draft, j.id).status = j.status
  }
  if (op.jobId === undefined || op.type !== 'ok') return
  const job = jobLabel(draft, op.jobId)
  if (op.f === 'get') job.status = String(record(op.value).status ?? job.status)
  if (op.f === 'claim') {
    job.status = 'in_progress'
    job.claims += 1
    job.holders = [...job.holders.filter((p) => p !== op.process), op.process]
    proc.holding = [...proc.holding.filter((l) => l !== job.label), job.label]
  }
  if (op.f === 'finish') {
    job.status = finishing.get(op.process) ?? 'completed'
    job.holders = job.holders.filter((p) => p !== op.process)
    proc.holding = proc.holding.filter((l) => l !== job.label)
  }
}

const snapshot = (draft: Draft) => ({
  processes: [...draft.processes.values()]
    .sort((a, b) => order(a.process) - order(b.process))
    .map((p) => ({ ...p, holding: [...p.holding] })),
  jobs: [...draft.jobs.values()].map((j) => ({ ...j, holders: [...j.holders] })),
})

const order = (process: Process) => (process === 'nemesis' ? -1 : process)

export function buildTimeline(
  history: readonly Operation[],
  violation?: Violation | null,
): Timeline {
  const draft: Draft = { jobs: new Map(), processes: new Map() }
  const finishing = new Map<Process, string>()
  const evidence = new Set((violation?.operations ?? []).map((op) => op.index))
  const breakIndex = Math.max(-1, ...evidence)
  const steps: TimelineStep[] = []
  let breakStep = -1
  for (const operation of history) {
    const text = describe(draft, operation)
    apply(draft, operation, text, finishing)
    const breaks = operation.index === breakIndex
    if (breaks) breakStep = steps.length
    steps.push({
      operation,
      text,
      evidence: evidence.has(operation.index),
      breaks,
      ...snapshot(draft),
    })
  }
  return { steps, violation: violation ?? null, breakStep }
}
