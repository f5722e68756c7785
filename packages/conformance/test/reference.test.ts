// The kit against integrations that follow every rule: the bundled reference claimer and the
// configurable fixture with nothing broken pass every scenario of the plan, except the ones an
// integration on the API key cannot be judged on (AUTH-001: no OAuth token to refresh), which are
// not applicable. (How long the plan takes against the reference is measured by `pnpm bench`, not
// asserted here.)
import { describe, expect, it } from 'vitest'
import {
  describeOutcomes,
  fixtureCommand,
  notApplicableOnApiKey,
  notPassing,
  outcomesExactly,
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
      expect(notPassing(report), describeOutcomes(report)).toEqual(
        outcomesExactly([], [], notApplicableOnApiKey),
      )
    },
    planTimeoutMs,
  )

  it(
    'the fixture integration with nothing broken passes every scenario',
    async () => {
      const report = await runPlan(fixtureCommand())
      expect(report.results.map((r) => r.id)).toEqual(scenarioIds)
      expect(notPassing(report), describeOutcomes(report)).toEqual(
        outcomesExactly([], [], notApplicableOnApiKey),
      )
    },
    planTimeoutMs,
  )
})
