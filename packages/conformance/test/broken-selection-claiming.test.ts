// The kit against integrations that break one selection or claiming rule each: the scenario for
// that rule fails and every other scenario passes (AUTH-001 is not applicable: the fixture is on
// the API key). The how-to's field names are a rule of their own: under --lenient the fake accepts
// them and only CLAIM-005 says so (a warning); by default the fake is strict, as Pleo is, and such
// an integration never lists a job.
// (Three more claiming rules are in broken-claiming.test.ts: two files, so the test runner can
// run them side by side.)
import { describe, expect, it } from 'vitest'
import {
  describeOutcomes,
  fixtureCommand,
  itBreaksOnlyItsRule,
  outcomesOf,
  planTimeoutMs,
  runPlan,
  type BrokenCase,
} from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  // Taking the newest breaks both rules that ask for the oldest.
  { broken: 'picks-newest', fails: ['SELECT-001', 'SELECT-003'] },
  { broken: 'first-page-only', fails: ['SELECT-003'] },
  { broken: 'skips-verify', fails: ['CLAIM-001'] },
]

describe('an integration that breaks one selection or claiming rule', () => {
  itBreaksOnlyItsRule(cases)

  it(
    'BROKEN=how-to-names on the strict default: every listing answers 400, so it never gets a job',
    async () => {
      // Expected on the whole plan: CLAIM-005 fails, and so does every scenario that needs a job
      // processed; DETECT-003, DETECT-004 (forged deliveries refused, no request about them) and
      // DETECT-006 (its polls are not too frequent) pass; PROC-007 (it never downloaded a receipt)
      // and AUTH-001 (API key) are not applicable. One scenario of each kind is run here.
      const only = ['DETECT-002', 'DETECT-003', 'CLAIM-005', 'PROC-007']
      const report = await runPlan(fixtureCommand('how-to-names'), { only, timeoutSeconds: 8 })
      expect(outcomesOf(report), describeOutcomes(report)).toEqual([
        'DETECT-002: fail',
        'DETECT-003: pass',
        'CLAIM-005: fail',
        'PROC-007: not-applicable',
      ])
      // The fake refused the alias: the journal line is the evidence.
      const claim005 = report.results.find((r) => r.id === 'CLAIM-005')
      expect(claim005?.evidence.observed).toMatch(/used 'companyId' for 'company_id'.*answered 400/)
      expect(claim005?.evidence.lines.join('\n')).toMatch(/alias companyId → 400/)
    },
    planTimeoutMs,
  )
})
