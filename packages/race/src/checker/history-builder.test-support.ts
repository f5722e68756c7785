// Builds small race histories for the checker's tests through the real recorder: a worker or
// the nemesis acts, the builder records the invoke and its completion and keeps a tiny model of
// the fake (job statuses and items), so a valid history and its final state come for free and a
// test only spells out the step that breaks an invariant.
import type { FinalJob, FinalState } from '../final-state.ts'
import {
  createRecorder,
  type Operation,
  type OperationFunction,
  type OperationValue,
  type Process,
} from '../history.ts'
import { checkHistory, type CheckResult } from './index.ts'

export type Outcome = 'ok' | 'fail' | 'info'
export type Pair = [Operation, Operation]

const start = Date.parse('2025-03-01T09:00:00.000Z')
const refused = { status: 422, error: 'INVALID_EXPORT_JOB_STATUS_CHANGE' }
const unknown = { error: 'timeout' }

export type HistoryBuilder = ReturnType<typeof historyBuilder>

export function historyBuilder() {
  let sim = start
  let nanos = 0
  const recorder = createRecorder({ sim: () => (sim += 10), nanos: () => (nanos += 1000) })
  const jobs = new Map<string, FinalJob>()
  const job = (id: string): FinalJob => {
    const found = jobs.get(id)
    if (!found) throw new Error(`no job ${id} in the model`)
    return found
  }
  const call = (
    process: Process,
    f: OperationFunction,
    jobId: string | undefined,
    value: OperationValue | undefined,
    outcome: Outcome,
    result?: OperationValue,
  ): Pair => {
    const complete = recorder.invoke(process, f, jobId, value)
    const invoke = recorder.operations.at(-1) as Operation
    const failure = outcome === 'fail' ? refused : outcome === 'info' ? unknown : undefined
    return [invoke, complete(outcome, result ?? failure)]
  }

  const create = (...ids: string[]): Pair => {
    const created = ids.map((id) => ({ id, createdAt: new Date((sim += 1)).toISOString() }))
    for (const { id, createdAt } of created) {
      const items = [{ accountingEntryId: `${id}-e1`, status: 'pending' }]
      jobs.set(id, { id, status: 'pending', createdAt, expiredAt: null, items })
    }
    return call('nemesis', 'create', undefined, {}, 'ok', { jobs: created })
  }

  /**
   * A create whose outcome the history does not know: answered `info` (cut off on its way) or
   * never completed (`open`). The model still has the job: the fake made it.
   */
  const createUncertain = (id: string, outcome: 'info' | 'open') => {
    const createdAt = new Date((sim += 1)).toISOString()
    const items = [{ accountingEntryId: `${id}-e1`, status: 'pending' }]
    jobs.set(id, { id, status: 'pending', createdAt, expiredAt: null, items })
    const complete = recorder.invoke('nemesis', 'create', undefined, {})
    if (outcome === 'info') complete('info', unknown)
  }

  /** One listing of the pending jobs, oldest first; `failPage` refuses that page and stops. */
  const list = (process: Process, options: { pageSize?: number; failPage?: number } = {}) => {
    const pending = [...jobs.values()].filter((j) => j.status === 'pending')
    const size = options.pageSize ?? 100
    const pairs: Pair[] = []
    for (let page = 1; ; page++) {
      if (page === options.failPage) {
        pairs.push(call(process, 'list', undefined, { page }, 'fail', { status: 429, error: 'x' }))
        return pairs
      }
      const slice = pending.slice((page - 1) * size, page * size)
      const listed = slice.map(({ id, createdAt, status }) => ({ id, createdAt, status }))
      const hasNextPage = page * size < pending.length
      const value = { jobs: listed, page, hasNextPage }
      pairs.push(call(process, 'list', undefined, { page }, 'ok', value))
      if (!hasNextPage) return pairs
    }
  }

  /** A claim; by default it wins when the job is pending in the model, else it is refused. */
  const claim = (process: Process, id: string, outcome?: Outcome): Pair => {
    const wins = outcome === undefined ? job(id).status === 'pending' : outcome === 'ok'
    if (wins) job(id).status = 'in_progress'
    return call(process, 'claim', id, { event: 'started' }, outcome ?? (wins ? 'ok' : 'fail'))
  }

  const get = (process: Process, id: string): Pair =>
    call(process, 'get', id, undefined, 'ok', { status: job(id).status, lastUpdatedAt: null })

  const getItems = (process: Process, id: string): Pair =>
    call(process, 'get-items', id, { page: 1 }, 'ok', { items: job(id).items ?? [] })

  const putItems = (process: Process, id: string, status = 'successful', outcome?: Outcome) => {
    const model = job(id)
    const ok = outcome === undefined ? model.status === 'in_progress' : outcome === 'ok'
    const items = (model.items ?? []).map(({ accountingEntryId }) => ({
      accountingEntryId,
      status,
    }))
    if (ok) model.items = items
    const failure = { status: 422, error: 'EXPORT_JOB_STATUS_UNPROCESSABLE' }
    const type = outcome ?? (ok ? 'ok' : 'fail')
    return call(process, 'put-items', id, { items }, type, type === 'fail' ? failure : undefined)
  }

  const finish = (process: Process, id: string, event = 'completed', outcome: Outcome = 'ok') => {
    if (outcome === 'ok') job(id).status = event as FinalJob['status']
    return call(process, 'finish', id, { event }, outcome)
  }

  /** list, claim, get-items, put-items, finish: a worker's whole turn on the oldest job. */
  const work = (process: number, id: string): Pair[] => [
    ...list(process),
    claim(process, id),
    getItems(process, id),
    putItems(process, id),
    finish(process, id),
  ]

  /** The nemesis moves the clock and the job expires (its window closed now). */
  const expire = (id: string): Operation => {
    const note = recorder.note('nemesis', 'advance-clock', { seconds: 3600 })
    Object.assign(job(id), { status: 'expired', expiredAt: new Date(note.sim).toISOString() })
    return note
  }

  return {
    recorder,
    job,
    call,
    create,
    createUncertain,
    list,
    claim,
    get,
    getItems,
    putItems,
    finish,
    work,
    expire,
    crash: (worker: number) => recorder.note(worker, 'crash'),
    restart: (worker: number) => recorder.note(worker, 'restart'),
    history: (): Operation[] => recorder.operations,
    finalState: (): FinalState => ({ jobs: [...jobs.values()].map((j) => structuredClone(j)) }),
  }
}

/** Checks the builder's history against its model's final state (or the one given). */
export const check = (b: HistoryBuilder, finalState: FinalState = b.finalState()): CheckResult =>
  checkHistory(b.history(), finalState)

/** The distinct invariants a result reports, ascending. */
export const invariantsOf = (result: CheckResult): number[] =>
  [...new Set(result.violations.map((v) => v.invariant))].sort((a, b) => a - b)

/** The indexes of a violation's evidence, for comparing with the pairs a test recorded. */
export const indexesOf = (operations: Operation[]): number[] => operations.map((op) => op.index)

export const indexesOfPairs = (...pairs: Pair[]): number[] =>
  pairs
    .flat()
    .map((op) => op.index)
    .sort((a, b) => a - b)
