// The numbers a race ends with, all counted from what the fake recorded (history and final
// state), not from what the workers believe: jobs, claims won and lost, 422s, steals, kills, zombie
// moves, faults seen, how jobs ended, entries booked twice, how long it took and what the checker
// found.
import type { CheckResult } from './checker/index.ts'
import type { FinalState } from './final-state.ts'
import type { Operation } from './history.ts'
import type { Books } from './books.ts'

export type RaceSummary = {
  jobs: number
  claimsWon: number
  claimsLost: number
  /** Every 422 answer (lost claims, refused events and item updates). */
  conflicts: number
  steals: number
  kills: number
  /** Zombie moves the nemesis made (zombies.ts), pauses included. */
  zombies: number
  /** Workers paused past their job's expiry that then kept writing. */
  paused: number
  /** 5xx and 429 answers (injected faults) and requests that never got an answer. */
  faults: number
  requests: number
  completed: number
  completedWithErrors: number
  failed: number
  expired: number
  /** Jobs still pending or in progress at the end (should be 0). */
  open: number
  /** Accounting entries booked by two workers: the damage a double claim does. */
  doubleBooked: number
  /** Entries a worker booked again after a restart (at least once; an idempotent ledger copes). */
  rebooked: number
  /** Real milliseconds from the first worker start until every job had ended. */
  durationMs: number
  simSeconds: number
  claimsPerSecond: number
  violations: number
}

type Input = {
  history: readonly Operation[]
  finalState: FinalState
  check: CheckResult
  books: Books
  realMs: number
  simMs: number
}

const statusOf = (op: Operation) =>
  op.value && typeof op.value === 'object' && 'status' in op.value ? op.value.status : undefined

/** One-shot records of a worker, not requests. */
const notes = new Set(['crash', 'restart', 'pause'])

export function summarise(input: Input): RaceSummary {
  const counts = {
    claimsWon: 0,
    claimsLost: 0,
    conflicts: 0,
    steals: 0,
    kills: 0,
    zombies: 0,
    paused: 0,
    faults: 0,
    requests: 0,
    jobs: 0,
  }
  for (const op of input.history) {
    const worker = op.process !== 'nemesis'
    if (op.type === 'invoke') {
      if (worker && !notes.has(op.f)) counts.requests += 1
      continue
    }
    const status = statusOf(op)
    if (op.f === 'create' && op.type === 'ok') counts.jobs += 1
    if (op.f === 'crash') counts.kills += 1
    if (op.f === 'zombie') counts.zombies += 1
    if (op.f === 'pause') counts.paused += 1
    if (op.f === 'claim' && op.type === 'ok' && worker) counts.claimsWon += 1
    if (op.f === 'claim' && op.type === 'ok' && !worker) counts.steals += 1
    if (op.f === 'claim' && worker && op.type === 'fail' && status === 422) counts.claimsLost += 1
    if (status === 422) counts.conflicts += 1
    if (worker && (op.type === 'info' || status === 429) && !notes.has(op.f)) counts.faults += 1
  }
  const ended = (status: string) =>
    input.finalState.jobs.filter((job) => job.status === status).length
  const durationMs = Math.round(input.realMs)
  return {
    ...counts,
    completed: ended('completed'),
    completedWithErrors: ended('completed_with_errors'),
    failed: ended('failed'),
    expired: ended('expired'),
    open: ended('pending') + ended('in_progress'),
    doubleBooked: input.books.doubleBooked().length,
    rebooked: input.books.rebooked().length,
    durationMs,
    simSeconds: Math.round(input.simMs / 1000),
    claimsPerSecond: durationMs > 0 ? Math.round((counts.claimsWon / durationMs) * 1000) : 0,
    violations: input.check.violations.length,
  }
}
