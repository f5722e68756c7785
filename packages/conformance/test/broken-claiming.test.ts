// The kit against integrations that break one claiming rule each, the rest of
// broken-selection-claiming.test.ts (two files, so the test runner can run them side by side):
// the scenario for that rule fails and every other scenario passes (AUTH-001 is not applicable:
// the fixture is on the API key). Under --lenient the fake accepts the how-to's field names and
// only CLAIM-005 says so (a warning).
import { describe } from 'vitest'
import { itBreaksOnlyItsRule, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'retries-422', fails: ['CLAIM-003'] },
  {
    broken: 'parallel',
    fails: ['CLAIM-004'],
    racy: {
      'PROC-005':
        'its second pass runs beside the first, so whether it sends something while the first waits out a Retry-After (a warning) depends on timing',
    },
  },
  { broken: 'how-to-names', fails: [], warns: ['CLAIM-005'], run: { lenient: true } },
]

describe('an integration that breaks one selection or claiming rule', () => {
  itBreaksOnlyItsRule(cases)
})
