// The kit against integrations that break one processing or recovery rule each: the scenario for
// that rule fails and every other scenario passes (AUTH-001 is not applicable: the fixture is on
// the API key).
import { describe, it } from 'vitest'
import {
  caseTitle,
  expectOnlyTheseFail,
  planTimeoutMs,
  type BrokenCase,
} from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'two-final-events', fails: ['PROC-003'] },
  { broken: 'reports-late', fails: ['PROC-004'] },
  { broken: 'ignores-retry-after', fails: ['PROC-005'] },
  { broken: 'writes-after-expiry', fails: ['PROC-006'] },
  { broken: 'takes-foreign', fails: ['RECOVER-002'] },
  { broken: 'no-state', fails: ['RECOVER-001'] },
  { broken: 'loops-on-expired', fails: ['RECOVER-003'] },
  { broken: 'ignores-receipt-failure', fails: ['PROC-007'] },
]

describe('an integration that breaks one processing or recovery rule', () => {
  for (const broken of cases) {
    it(caseTitle(broken), () => expectOnlyTheseFail(broken), planTimeoutMs)
  }
})
