// The kit against integrations that break one processing rule each: the scenario for that rule
// fails and every other scenario passes (AUTH-001 is not applicable: the fixture is on the API
// key). (The recovery rules are in broken-recovery.test.ts: two files, so the test runner can run
// them side by side.)
import { describe } from 'vitest'
import { itBreaksOnlyItsRule, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'two-final-events', fails: ['PROC-003'] },
  { broken: 'reports-late', fails: ['PROC-004'] },
  { broken: 'ignores-retry-after', fails: ['PROC-005'] },
  { broken: 'writes-after-expiry', fails: ['PROC-006'] },
  { broken: 'ignores-receipt-failure', fails: ['PROC-007'] },
]

describe('an integration that breaks one processing rule', () => {
  itBreaksOnlyItsRule(cases)
})
