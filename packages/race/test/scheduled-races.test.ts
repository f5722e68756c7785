// Scheduled-race property tests: fast-check's scheduler decides the order in which the fake's
// answers reach 2 to 4 reference claimers (and, on the unsafe server, when the check-then-act
// claim writes), so every interleaving it explores is replayable from its seed and shrinks to a
// short schedule. Against the atomic claim no schedule may break an invariant; against the
// unsafe claim the property must fail with a double claim. RACE_RUNS sets the number of runs.
// Each case runs on one fake reset to its start (see setup.ts), closed after the test.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RaceFailure, scheduledRaceProperty } from './scheduled/property.ts'
import { createFakeReuse } from './scheduled/setup.ts'

const defaultRuns = 500
/** Lines of the shrunk schedule printed (the double claim shows early). */
const printedTasks = 16

/** The schedule as one short line per released answer, e.g. `task 3: 0: GET /v3/export-jobs`. */
function briefSchedule(scheduler: fc.Scheduler): string {
  const tasks = scheduler.report().filter((task) => task.status !== 'pending')
  const lines = tasks.slice(0, printedTasks).map((task) => `  task ${task.taskId}: ${task.label}`)
  const more = tasks.length - printedTasks
  return [...lines, ...(more > 0 ? [`  … ${more} more`] : [])].join('\n')
}

function envInteger(name: string): number | undefined {
  const text = process.env[name]
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got '${text}'`)
  return value
}

describe('claimers racing under a scheduled order of answers', () => {
  const runs = envInteger('RACE_RUNS') ?? defaultRuns

  it('keep every invariant on the atomic claim', { timeout: 30_000 + runs * 100 }, async () => {
    let lost = 0
    const fakes = createFakeReuse()
    const observe = ({ check }: { check: { counts: { claimsLost: number } } }) =>
      (lost += check.counts.claimsLost)
    try {
      await fc.assert(scheduledRaceProperty(false, observe, fakes), { numRuns: runs })
    } finally {
      fakes.close()
    }
    // The schedules must make claimers collide, or the property proves little.
    if (runs >= 50) expect(lost).toBeGreaterThan(0)
  })

  it('break one-claim-per-job on the check-then-act claim', { timeout: 60_000 }, async () => {
    const fakes = createFakeReuse()
    const details = await fc
      .check(scheduledRaceProperty(true, undefined, fakes), { numRuns: 500 })
      .finally(() => fakes.close())
    expect(details.failed, 'no schedule broke the unsafe claim').toBe(true)
    const counterexample = details.counterexample
    expect(counterexample).not.toBeNull()
    const [scheduler, claimers, jobs] = counterexample ?? []
    expect(scheduler).toBeDefined()
    if (!scheduler) return
    expect(String(scheduler)).toContain('task')
    expect(scheduler.report().length).toBeGreaterThan(0)
    console.log(
      `shrunk counterexample (seed ${details.seed}, path ${details.counterexamplePath}): ` +
        `${claimers} claimers, jobs with items ${JSON.stringify(jobs)}\n${briefSchedule(scheduler)}`,
    )
    const error = details.errorInstance
    expect(error).toBeInstanceOf(RaceFailure)
    const invariants = error instanceof RaceFailure ? error.violations.map((v) => v.invariant) : []
    expect(invariants[0]).toBe(1)
  })
})
