// The scheduled-race property shared by the test and the benchmark: for any order fast-check's
// scheduler picks for the fake's answers, 2 to 4 claimers draining 1 to 4 jobs (1 to 3 items each) leave a history the
// checker accepts, every job completed (the clock never moves, so nothing expires) and exactly one
// accepted `started` per job. A broken case throws a RaceFailure carrying the checker's verdict.
import fc from 'fast-check'
import type { Violation } from '../../src/checker/index.ts'
import {
  freshFakes,
  runScheduledRace,
  type FakeSource,
  type ScheduledRaceOutcome,
} from './setup.ts'

export class RaceFailure extends Error {
  constructor(
    message: string,
    readonly violations: Violation[],
  ) {
    super(message)
    this.name = 'RaceFailure'
  }
}

const claimers = fc.integer({ min: 2, max: 4 })
const jobs = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 })
const seed = fc.noShrink(fc.integer())

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `invariant ${v.invariant} (${v.rule}): ${v.message}`).join('\n')
}

/** Throws a RaceFailure when the outcome breaks the property. */
export function assertSafeOutcome(outcome: ScheduledRaceOutcome): void {
  const { check, finalState, starts } = outcome
  if (!check.valid) throw new RaceFailure(describeViolations(check.violations), check.violations)
  for (const job of finalState.jobs) {
    if (job.status !== 'completed') {
      throw new RaceFailure(`job ${job.id} ended ${job.status}, not completed`, [])
    }
    const accepted = starts.get(job.id) ?? 0
    if (accepted !== 1) {
      throw new RaceFailure(`the fake accepted ${accepted} started events for job ${job.id}`, [])
    }
  }
}

/**
 * The property against the atomic claim (`unsafe: false`) or the check-then-act one; `observe`
 * sees every outcome before it is judged (the test counts lost races with it). `fakes`: where
 * each case's fake comes from (default a fresh one; `createFakeReuse()` resets one instead).
 */
export function scheduledRaceProperty(
  unsafe: boolean,
  observe: (outcome: ScheduledRaceOutcome) => void = () => {},
  fakes: FakeSource = freshFakes,
) {
  return fc.asyncProperty(fc.scheduler(), claimers, jobs, seed, async (s, k, items, at) => {
    const params = { claimers: k, jobs: items, seed: at, unsafe }
    const outcome = await runScheduledRace(s, params, fakes)
    // Let the test runner's own messages through between runs (the fake answers in-process).
    await new Promise((resolve) => setImmediate(resolve))
    observe(outcome)
    assertSafeOutcome(outcome)
  })
}
