// The shared view of a history that every invariant check reads: each operation's other half
// (invoke and completion) matched in one pass, the final jobs by id, and the helpers that turn
// positions in the history into the evidence a violation carries.
import type { FinalJob, FinalState } from '../final-state.ts'
import type { History, Operation, Process } from '../history.ts'
import type { InvariantNumber, Violation } from './types.ts'

export type CheckContext = {
  readonly ops: History
  /** Position of the other half of each operation (invoke and completion), -1 when none. */
  readonly partner: Int32Array
  readonly finalJobs: ReadonlyMap<string, FinalJob>
}

export function buildContext(history: History, finalState: FinalState): CheckContext {
  const finalJobs = new Map(finalState.jobs.map((job) => [job.id, job]))
  return { ops: history, partner: pairOperations(history), finalJobs }
}

/**
 * Matches every completion with the earliest open invoke of the same process, f and jobId (or,
 * failing that, of an invoke without a jobId: a completion may name the job it learned of). A
 * process has few requests in flight (a worker has one), so the search among them is short.
 */
export function pairOperations(history: History): Int32Array {
  const partner = new Int32Array(history.length).fill(-1)
  const open = new Map<Process, number[]>()
  for (let i = 0; i < history.length; i++) {
    const op = history[i] as Operation
    let mine = open.get(op.process)
    if (!mine) open.set(op.process, (mine = []))
    if (op.type === 'invoke') {
      mine.push(i)
      continue
    }
    const at = findOpen(history, mine, op.f, op.jobId)
    if (at < 0) continue
    const start = mine[at] as number
    mine.splice(at, 1)
    partner[i] = start
    partner[start] = i
  }
  return partner
}

function findOpen(history: History, open: number[], f: string, jobId: string | undefined): number {
  let loose = -1
  for (let k = 0; k < open.length; k++) {
    const invoke = history[open[k] as number] as Operation
    if (invoke.f !== f) continue
    if (invoke.jobId === jobId) return k
    if (invoke.jobId === undefined && loose < 0) loose = k
  }
  return loose
}

export const opAt = (ctx: CheckContext, position: number): Operation =>
  ctx.ops[position] as Operation

/** The invoke of a completion (the operation itself when it is an invoke or unmatched). */
export function invokeOf(ctx: CheckContext, position: number): Operation {
  const other = ctx.partner[position] ?? -1
  return other >= 0 && other < position ? opAt(ctx, other) : opAt(ctx, position)
}

/** The operations at these positions with their other halves, in history order, once each. */
export function evidence(ctx: CheckContext, ...positions: number[]): Operation[] {
  const picked = new Set<number>()
  for (const position of positions) {
    if (position < 0) continue
    picked.add(position)
    const other = ctx.partner[position] ?? -1
    if (other >= 0) picked.add(other)
  }
  return [...picked].sort((a, b) => a - b).map((position) => opAt(ctx, position))
}

export const isWorker = (process: Process): process is number => typeof process === 'number'

export const processName = (process: Process): string =>
  isWorker(process) ? `worker ${process}` : 'the nemesis'

export function violation(
  invariant: InvariantNumber,
  rule: string,
  message: string,
  operations: Operation[],
  about: { jobId?: string | undefined; process?: Process | undefined } = {},
): Violation {
  return {
    invariant,
    rule,
    message,
    ...(about.jobId !== undefined ? { jobId: about.jobId } : {}),
    ...(about.process !== undefined ? { process: about.process } : {}),
    operations,
  }
}

/** Reads a field of an operation's value, if the value is an object that has one. */
export function valueField(op: Operation, field: string): unknown {
  const value = op.value
  if (value === null || value === undefined || typeof value !== 'object') return undefined
  return (value as Record<string, unknown>)[field]
}
