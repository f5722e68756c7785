// The kit against integrations that follow every rule: the bundled reference claimer and the
// configurable fixture with nothing broken both pass all 18 scenarios, and the whole plan against
// the reference stays under a minute.
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
    'the reference claimer passes every scenario, the whole plan in under 60 s',
    async () => {
      const report = await runPlan(referenceCommand)
      expect(report.results.map((r) => r.id)).toEqual(scenarioIds)
      expect(notPassing(report), describeOutcomes(report)).toEqual([])
      expect(
        report.durationMs,
        `the whole plan against the reference claimer must take under 60 s (a product requirement); it took ${(report.durationMs / 1000).toFixed(1)} s\n${describeOutcomes(report)}`,
      ).toBeLessThan(60_000)
    },
    planTimeoutMs,
  )

  it(
    'the fixture integration with nothing broken passes every scenario',
    async () => {
      const report = await runPlan(fixtureCommand())
      expect(report.results).toHaveLength(18)
      expect(notPassing(report), describeOutcomes(report)).toEqual([])
    },
    planTimeoutMs,
  )
})
