// The kit against integrations that follow every rule: the bundled reference claimer and the
// configurable fixture with nothing broken both pass every scenario of the plan. (How long the plan takes
// against the reference is measured by `pnpm bench`, not asserted here.)
import { describe, expect, it } from 'vitest'
import {
  describeOutcomes,
  fixtureCommand,
  notPassing,
  planTimeoutMs,
  referenceCommand,
  runPlan,
} from './fixtures/plan-run.ts'
import { scenarioIds } from '../src/index.ts'

describe('a conforming integration', () => {
  it(
    'the reference claimer passes every scenario',
    async () => {
      const report = await runPlan(referenceCommand)
      expect(report.results.map((r) => r.id)).toEqual(scenarioIds)
      expect(notPassing(report), describeOutcomes(report)).toEqual([])
    },
    planTimeoutMs,
  )

  it(
    'the fixture integration with nothing broken passes every scenario',
    async () => {
      const report = await runPlan(fixtureCommand())
      expect(report.results.map((r) => r.id)).toEqual(scenarioIds)
      expect(notPassing(report), describeOutcomes(report)).toEqual([])
    },
    planTimeoutMs,
  )
})
