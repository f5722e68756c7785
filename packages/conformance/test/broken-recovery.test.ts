// The kit against integrations that break one recovery rule each: the scenario for that rule
// fails and every other scenario passes (AUTH-001 is not applicable: the fixture is on the API
// key). (The processing rules are in broken-processing.test.ts: two files, so the test runner can
// run them side by side.)
import { describe } from 'vitest'
import { itBreaksOnlyItsRule, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'takes-foreign', fails: ['RECOVER-002'] },
  { broken: 'no-state', fails: ['RECOVER-001'] },
  { broken: 'loops-on-expired', fails: ['RECOVER-003'] },
]

describe('an integration that breaks one recovery rule', () => {
  itBreaksOnlyItsRule(cases)
})
