// The kit against integrations that break one detection rule each, for the rules whose cases
// rest on no narrow real-time window: the scenario for that rule fails and every other scenario
// passes (AUTH-001 is not applicable: the fixture is on the API key). They run beside the other
// plans; the detection cases that need the machine to themselves are in broken-detection.test.ts.
import { describe } from 'vitest'
import { itBreaksOnlyItsRule, type BrokenCase } from './fixtures/plan-run.ts'

const cases: BrokenCase[] = [
  { broken: 'ignores-signatures', fails: ['DETECT-003'] },
  { broken: 'never-polls', fails: ['DETECT-002'] },
]

describe('an integration that breaks one detection rule', () => {
  itBreaksOnlyItsRule(cases)
})
