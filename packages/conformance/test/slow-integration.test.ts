// A correct integration may be slow: a busy CI machine or a slow accounting system can make a big
// job take longer than the kit's budget per scenario. PROC-002 (250 items, three batches) waits
// while accepted item updates keep coming, so such an integration passes; the budget still ends
// the wait once no update comes within it (an integration that stops is failed as before).
import { describe, expect, it } from 'vitest'
import { describeOutcomes, fixtureCommand, outcomesOf, runPlan } from './fixtures/plan-run.ts'

/** Before each of its three item updates the fixture waits this long; three exceed the budget. */
const putDelayMs = 12_000
const budgetSeconds = 30 // the kit's default

describe('a correct integration slower than the budget', () => {
  it('passes PROC-002 when each of its item updates comes within the budget, all three beyond it', async () => {
    const report = await runPlan(fixtureCommand(undefined, { putDelayMs }), {
      only: ['PROC-002'],
      timeoutSeconds: budgetSeconds,
    })
    expect(outcomesOf(report), describeOutcomes(report)).toEqual(['PROC-002: pass'])
    // The fake saw the three item updates, and together they took longer than one budget (a
    // single budget for the whole job would have failed it).
    const [result] = report.results
    expect(result?.evidence.lines.filter((line) => line.includes('PUT'))).toHaveLength(3)
    expect(result?.durationMs).toBeGreaterThan(3 * putDelayMs)
  }, 240_000)
})
