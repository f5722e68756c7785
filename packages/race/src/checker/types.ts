// The result of checking a race history against the claim-safety invariants of DESIGN §5: the
// violations found, each with the few operations that show it, and cheap counts of what the
// history holds (operations, jobs, claims won and lost) for summaries.
import type { Operation, Process } from '../history.ts'

/** The invariant a violation breaks, numbered as in DESIGN §5. */
export type InvariantNumber = 1 | 2 | 3 | 4 | 5 | 6

export type Violation = {
  invariant: InvariantNumber
  /** A short stable name, e.g. `one-claim-per-job`. */
  rule: string
  /** Plain English, with the job ids and processes involved. */
  message: string
  jobId?: string
  process?: Process
  /** The smallest set of operations that shows it: invokes with their completions, in order. */
  operations: Operation[]
}

export type CheckCounts = {
  operations: number
  /** Jobs in the final state. */
  jobs: number
  /** Jobs the nemesis created in the history. */
  jobsCreated: number
  /** Distinct worker processes seen. */
  workers: number
  claimsWon: number
  claimsLost: number
  /** Claims whose outcome is unknown (`info`). */
  claimsUnknown: number
  finishesOk: number
  crashes: number
  restarts: number
  /** Violations found, before `maxViolations` cut the list. */
  violations: number
}

export type CheckResult = {
  valid: boolean
  /** Sorted by the index of their first operation; those without operations come last. */
  violations: Violation[]
  counts: CheckCounts
}

export type CheckOptions = {
  /** At most this many violations are returned (default 1000). */
  maxViolations?: number
  /** Check only these invariants (default all six); a live race checks 1-4 as it runs. */
  invariants?: readonly number[]
}
